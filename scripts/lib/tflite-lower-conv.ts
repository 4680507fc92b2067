/**
 * Lowers CONV_2D and DEPTHWISE_CONV_2D: the filter is re-laid out for TensorFlow, and a
 * constant bias (+ RELU / RELU6 fused activation, or a following PReLU pattern) is fused into
 * _FusedConv2D / FusedDepthwiseConv2dNative when the converter asks for it.
 */
import { attr, type TfAttr } from './tfjs-graph.ts';
import { activationNode, type LowerContext, type OpSite } from './tflite-lower.ts';
import type { TfliteOperator, TfliteTensor } from './tflite.ts';

type ConvOp = Extract<TfliteOperator, { op: 'CONV_2D' | 'DEPTHWISE_CONV_2D' }>;

/** The filter as a Const node in TensorFlow's layout, and the number of output channels. */
function filterConst(c: LowerContext, op: ConvOp, xT: TfliteTensor, wT: TfliteTensor, where: string): { filterName: string; outC: number } {
  const inC = xT.shape[3]!;
  if (op.op === 'CONV_2D') {
    // TFLite CONV_2D filter is [out, kh, kw, in]; TF Conv2D wants [kh, kw, in, out].
    const [O, KH, KW, I] = wT.shape as [number, number, number, number];
    if (I !== inC) throw new Error(`${where}: filter has ${I} input channels, input has ${inC} (grouped convolution is not supported)`);
    const src = wT.data as Float32Array;
    const dst = new Float32Array(src.length);
    for (let oc = 0; oc < O; oc++)
      for (let kh = 0; kh < KH; kh++)
        for (let kw = 0; kw < KW; kw++)
          for (let ic = 0; ic < I; ic++)
            dst[((kh * KW + kw) * I + ic) * O + oc] = src[((oc * KH + kh) * KW + kw) * I + ic]!;
    return { filterName: c.graph.addConst(`${wT.name}/hwio`, dst, [KH, KW, I, O]), outC: O };
  }
  // TFLite DEPTHWISE_CONV_2D filter is [1, kh, kw, in*mult] with output channel
  // c = i*mult + m; TF DepthwiseConv2dNative wants [kh, kw, in, mult] and produces
  // channel i*mult + m as well. Same memory order, so only the shape changes.
  const [one, KH, KW, C] = wT.shape as [number, number, number, number];
  if (one !== 1) throw new Error(`${where}: depthwise filter must be [1, kh, kw, channels], got [${wT.shape}]`);
  if (C % inC !== 0) throw new Error(`${where}: filter has ${C} channels, not a multiple of the ${inC} input channels`);
  const mult = C / inC;
  if (op.options.depthMultiplier !== 0 && op.options.depthMultiplier !== mult) {
    throw new Error(`${where}: depth_multiplier ${op.options.depthMultiplier} disagrees with filter shape [${wT.shape}] and ${inC} input channels`);
  }
  return { filterName: c.graph.addConst(`${wT.name}/hwim`, wT.data!, [KH, KW, inC, mult]), outC: C };
}

export function lowerConv(c: LowerContext, { op, out, outT, where }: OpSite<ConvOp>): void {
  const depthwise = op.op === 'DEPTHWISE_CONV_2D';
  const [xi, wi, bi = -1] = op.inputs;
  if (xi === undefined || wi === undefined) throw new Error(`${where}: missing input or filter`);
  const xT = c.tensor(xi, where);
  const wT = c.tensor(wi, where);
  const o = op.options;
  if (xT.shape.length !== 4) throw new Error(`${where}: input must be 4-D NHWC, got [${xT.shape}]`);
  if (!wT.data || wT.dtype !== 'float32') throw new Error(`${where}: filter "${wT.name}" must be a float32 constant`);
  if (wT.shape.length !== 4) throw new Error(`${where}: filter must be 4-D, got [${wT.shape}]`);
  if (o.strideH < 1 || o.strideW < 1 || o.dilationH < 1 || o.dilationW < 1) {
    throw new Error(`${where}: invalid strides ${o.strideH}x${o.strideW} / dilations ${o.dilationH}x${o.dilationW}`);
  }
  // TensorFlow (and tfjs) reject strides > 1 combined with dilations > 1.
  if ((o.strideH > 1 || o.strideW > 1) && (o.dilationH > 1 || o.dilationW > 1)) {
    throw new Error(`${where}: strides > 1 together with dilations > 1 are not supported by TensorFlow.js`);
  }
  const { filterName, outC } = filterConst(c, op, xT, wT, where);
  if (outT.shape.length === 4 && outT.shape[3] !== outC) {
    throw new Error(`${where}: output has ${outT.shape[3]} channels, filter gives ${outC}`);
  }

  const bT = bi >= 0 ? c.tensor(bi, where) : null;
  const constBias = bT !== null && bT.data !== null && bT.dtype === 'float32' && bT.shape.length === 1 && bT.shape[0] === outC;
  const baseAttr: Record<string, TfAttr> = {
    T: attr.type('DT_FLOAT'),
    strides: attr.ints([1, o.strideH, o.strideW, 1]),
    padding: attr.s(o.padding),
    data_format: attr.s('NHWC'),
    dilations: attr.ints([1, o.dilationH, o.dilationW, 1]),
    explicit_paddings: attr.emptyList(),
    ...(depthwise ? {} : { use_cudnn_on_gpu: attr.b(true) }),
  };
  const x = c.input(xi, where);
  if (c.batched.has(xi)) c.batched.add(out);

  if (c.fuseConvBias && constBias) {
    // conv → +bias → activation, in that order, is exactly what the fused kernels
    // compute (tfjs: conv, add bias, then apply the activation).
    const fusedOps = ['BiasAdd'];
    const extra: string[] = [c.input(bi, where)];
    let finalTensor = out;
    const prelu = o.activation === 'NONE' ? c.preluByX.get(out) : undefined;
    // PReLU can be fused only if the raw conv output is used by nothing but the
    // PReLU pattern (its RELU, ABS and SUB) and is not a graph output.
    if (prelu && c.consumers[out]!.every((ci) => prelu.ops.includes(ci)) && !c.isGraphOutput(out)) {
      fusedOps.push('Prelu');
      extra.push(c.graph.addConst(prelu.alphaName, prelu.alpha, prelu.alphaShape));
      finalTensor = prelu.y;
      c.stats.preluFusedIntoConv++;
    } else if (o.activation === 'RELU') fusedOps.push('Relu');
    else if (o.activation === 'RELU6') fusedOps.push('Relu6');
    else if (o.activation !== 'NONE') throw new Error(`Unsupported fused activation ${o.activation} ${where}`);
    const name = c.graph.addNode({
      name: c.nameFor(finalTensor),
      op: depthwise ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D',
      input: [x, filterName, ...extra],
      attr: { ...baseAttr, fused_ops: attr.strings(fusedOps), num_args: attr.i(extra.length), epsilon: attr.f(0) },
    });
    c.ref.set(out, name);
    if (finalTensor !== out) {
      c.ref.set(finalTensor, name);
      if (c.batched.has(out)) c.batched.add(finalTensor);
    }
    c.stats.convBiasFused++;
    return;
  }

  // Unfused: conv, then bias add, then activation.
  const tail = bT !== null || o.activation !== 'NONE';
  let prev = c.graph.addNode({
    name: tail ? c.graph.uniqueName(`${outT.name}/${depthwise ? 'depthwise' : 'Conv2D'}`) : c.nameFor(out),
    op: depthwise ? 'DepthwiseConv2dNative' : 'Conv2D',
    input: [x, filterName],
    attr: baseAttr,
  });
  if (bT !== null) {
    prev = c.graph.addNode({
      name: o.activation !== 'NONE' ? c.graph.uniqueName(`${outT.name}/BiasAdd`) : c.nameFor(out),
      op: 'AddV2',
      input: [prev, c.input(bi, where)],
      attr: { T: attr.type('DT_FLOAT') },
    });
  }
  c.ref.set(out, activationNode(c, prev, o.activation, () => c.nameFor(out), 'DT_FLOAT', where));
}
