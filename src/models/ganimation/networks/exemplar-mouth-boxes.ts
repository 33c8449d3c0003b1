// Where the exemplar mouths sit in the aligned 128 × 128 template (tools/exemplar-mouths.ts cuts them there, the flow
// generator places them there): the box around the template's mouth region (face/content-region.ts 'mouth', whose
// pixels lie in x 37–90, y 75–107) with a pixel to spare, and the face's centre whose light the generator matches.
export const MOUTH_BOX = { x: 35, y: 73, width: 58, height: 37 } as const;
/** Nose and cheeks: skin in almost every aligned face, and no part an expression darkens much. */
export const LIGHTNESS_BOX = { x: 40, y: 48, width: 48, height: 24 } as const;
