export * from './face-recognition-net.js';
