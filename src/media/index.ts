/** Customers' files (web chat uploads): type checks, the store, and the staff link route. */
export {
  MediaStore,
  mediaTokenPattern,
  type MediaRow,
  type MediaStoreOptions,
  type NewMediaFile,
  type OpenedMedia,
  type StoredMedia,
} from './media-store.js';
export { mediaRouter } from './route.js';
export {
  acceptedExtensions,
  acceptedMediaTypes,
  extensionFor,
  safeFileName,
  sniffMediaType,
  type AcceptedMediaType,
} from './sniff.js';
