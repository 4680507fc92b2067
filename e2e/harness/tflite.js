// Runs the ORIGINAL MobileFaceNet.tflite with TensorFlow Lite for the web, as the reference
// the converted TFJS graph model is compared with. Input: 112×112 RGB crops (bytes),
// normalised as the app does, (p − 127.5) / 128; the model's batch is fixed at 2.
/* global tf, tflite */
window.reference = {
  async embed(modelUrl, crops) {
    tflite.setWasmPath('/__vendor/tfjs-tflite/');
    const model = await tflite.loadTFLiteModel(modelUrl);
    const size = 112 * 112 * 3;
    const out = [];
    for (let i = 0; i < crops.length; i += 2) {
      const input = new Float32Array(2 * size);
      for (let k = 0; k < 2; k++) {
        const crop = crops[Math.min(i + k, crops.length - 1)];
        for (let j = 0; j < size; j++) input[k * size + j] = (crop[j] - 127.5) / 128;
      }
      const x = tf.tensor4d(input, [2, 112, 112, 3]);
      const y = model.predict(x);
      const data = await y.data();
      x.dispose();
      y.dispose();
      for (let k = 0; k < 2 && i + k < crops.length; k++) {
        const v = Array.from(data.slice(k * 192, (k + 1) * 192));
        const norm = Math.hypot(...v);
        out.push(v.map((e) => e / norm));
      }
    }
    return out;
  },
};
document.body.dataset.ready = 'true';
