// Small flow generators for tests: at the template's 128 pixels (where the priors and regions are drawn), narrow and
// shallow so they build fast.
export const FLOW_CHANGE_128 = {
  imageSize: 128,
  gConvDim: 8,
  gRepeatNum: 1,
  dRepeatNum: 5,
  conditioning: 'change' as const,
};

/** At 32 pixels, for tests of the generator's own arithmetic (no priors or regions drawn at the template's size). */
export const FLOW_32 = { imageSize: 32, gConvDim: 8, gRepeatNum: 1, dRepeatNum: 5 };
