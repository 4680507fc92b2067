/**
 * The icons the app and Web Awesome's components draw: Font Awesome Free 7 SVGs (CC BY 4.0),
 * imported as files (`?no-inline`, so never data: URLs, which wa-icon would fetch() against
 * connect-src 'self'); Vite hashes and emits them and the service worker precaches them. An icon
 * not listed here draws nothing: no request ever goes to Font Awesome's CDN.
 */
import video from '@fortawesome/fontawesome-free/svgs/solid/video.svg?no-inline';
import userPlus from '@fortawesome/fontawesome-free/svgs/solid/user-plus.svg?no-inline';
import users from '@fortawesome/fontawesome-free/svgs/solid/users.svg?no-inline';
import listCheck from '@fortawesome/fontawesome-free/svgs/solid/list-check.svg?no-inline';
import gear from '@fortawesome/fontawesome-free/svgs/solid/gear.svg?no-inline';
import display from '@fortawesome/fontawesome-free/svgs/solid/display.svg?no-inline';
import upload from '@fortawesome/fontawesome-free/svgs/solid/upload.svg?no-inline';
import download from '@fortawesome/fontawesome-free/svgs/solid/download.svg?no-inline';
import trashCan from '@fortawesome/fontawesome-free/svgs/solid/trash-can.svg?no-inline';
import camera from '@fortawesome/fontawesome-free/svgs/solid/camera.svg?no-inline';
import triangleExclamation from '@fortawesome/fontawesome-free/svgs/solid/triangle-exclamation.svg?no-inline';
import circleInfo from '@fortawesome/fontawesome-free/svgs/solid/circle-info.svg?no-inline';
import circleCheck from '@fortawesome/fontawesome-free/svgs/solid/circle-check.svg?no-inline';
import lock from '@fortawesome/fontawesome-free/svgs/solid/lock.svg?no-inline';
import play from '@fortawesome/fontawesome-free/svgs/solid/play.svg?no-inline';
import stop from '@fortawesome/fontawesome-free/svgs/solid/stop.svg?no-inline';
import fileImport from '@fortawesome/fontawesome-free/svgs/solid/file-import.svg?no-inline';
import rotateRight from '@fortawesome/fontawesome-free/svgs/solid/rotate-right.svg?no-inline';
import arrowRight from '@fortawesome/fontawesome-free/svgs/solid/arrow-right.svg?no-inline';
import pen from '@fortawesome/fontawesome-free/svgs/solid/pen.svg?no-inline';
import fileSignature from '@fortawesome/fontawesome-free/svgs/solid/file-signature.svg?no-inline';
import eraser from '@fortawesome/fontawesome-free/svgs/solid/eraser.svg?no-inline';
import plus from '@fortawesome/fontawesome-free/svgs/solid/plus.svg?no-inline';
import magnifyingGlass from '@fortawesome/fontawesome-free/svgs/solid/magnifying-glass.svg?no-inline';
import images from '@fortawesome/fontawesome-free/svgs/solid/images.svg?no-inline';
import fileExport from '@fortawesome/fontawesome-free/svgs/solid/file-export.svg?no-inline';
import hardDrive from '@fortawesome/fontawesome-free/svgs/solid/hard-drive.svg?no-inline';
import circleExclamation from '@fortawesome/fontawesome-free/svgs/solid/circle-exclamation.svg?no-inline';
import xmark from '@fortawesome/fontawesome-free/svgs/solid/xmark.svg?no-inline';
import check from '@fortawesome/fontawesome-free/svgs/solid/check.svg?no-inline';
import minus from '@fortawesome/fontawesome-free/svgs/solid/minus.svg?no-inline';
import chevronDown from '@fortawesome/fontawesome-free/svgs/solid/chevron-down.svg?no-inline';
import chevronLeft from '@fortawesome/fontawesome-free/svgs/solid/chevron-left.svg?no-inline';
import chevronRight from '@fortawesome/fontawesome-free/svgs/solid/chevron-right.svg?no-inline';
import regularCircleXmark from '@fortawesome/fontawesome-free/svgs/regular/circle-xmark.svg?no-inline';
import regularEye from '@fortawesome/fontawesome-free/svgs/regular/eye.svg?no-inline';
import regularEyeSlash from '@fortawesome/fontawesome-free/svgs/regular/eye-slash.svg?no-inline';
import regularCircleQuestion from '@fortawesome/fontawesome-free/svgs/regular/circle-question.svg?no-inline';

/** The icons Web Awesome's components ask the "system" library for (solid, and regular ones). */
export const SYSTEM_ICONS: Readonly<Record<string, string>> = {
  'xmark': xmark,
  'check': check,
  'minus': minus,
  'chevron-down': chevronDown,
  'chevron-left': chevronLeft,
  'chevron-right': chevronRight,
};

/** The app's own icons, by name (`<wa-icon name=…>`): those above and the system ones. */
export const APP_ICONS: Readonly<Record<string, string>> = {
  'video': video,
  'user-plus': userPlus,
  'users': users,
  'list-check': listCheck,
  'gear': gear,
  'display': display,
  'upload': upload,
  'download': download,
  'trash-can': trashCan,
  'camera': camera,
  'triangle-exclamation': triangleExclamation,
  'circle-info': circleInfo,
  'circle-check': circleCheck,
  'lock': lock,
  'play': play,
  'stop': stop,
  'file-import': fileImport,
  'rotate-right': rotateRight,
  'arrow-right': arrowRight,
  'pen': pen,
  'file-signature': fileSignature,
  'eraser': eraser,
  'plus': plus,
  'magnifying-glass': magnifyingGlass,
  'images': images,
  'file-export': fileExport,
  'hard-drive': hardDrive,
  'circle-exclamation': circleExclamation,
  ...SYSTEM_ICONS,
};

export const SYSTEM_REGULAR_ICONS: Readonly<Record<string, string>> = {
  'circle-xmark': regularCircleXmark,
  'eye': regularEye,
  'eye-slash': regularEyeSlash,
  'circle-question': regularCircleQuestion,
};
