export * from './rgb-image.js';
export * from './image-io.js';
