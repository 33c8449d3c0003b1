// EMFACS emotion prototypes (SPEC §1) as raw AU intensities. The intensities are a starting point
// chosen from faces128's AU statistics (a clear but natural expression); strength scales them.
import { AU_COUNT, AuError, type AuVector, auIndex, PLAIN_DECIMAL, RAW_MAX } from './action-units.js';

export const EMOTIONS: Record<string, Record<number, number>> = {
  happy: { 6: 2.5, 12: 3.5 },
  sad: { 1: 2.5, 4: 2, 15: 2.5 },
  surprise: { 1: 3, 2: 3, 5: 2.5, 26: 3 },
  fear: { 1: 2.5, 2: 2, 4: 2, 5: 2.5, 7: 1.5, 20: 2.5, 26: 2 },
  anger: { 4: 3, 5: 2, 7: 2.5, 23: 2.5 },
  disgust: { 9: 3, 10: 2, 15: 2 },
  contempt: { 12: 2, 14: 2.5 },
};

const ALIASES: Record<string, string> = {
  happiness: 'happy',
  sadness: 'sad',
  surprised: 'surprise',
  angry: 'anger',
  disgusted: 'disgust',
  afraid: 'fear',
};

/** "happy", "happy:0.8", "happy:0.6+surprise:0.4": presets scaled and summed (capped at 5). */
export function parseEmotion(spec: string): AuVector {
  const out = new Float32Array(AU_COUNT);
  for (const part of spec
    .split('+')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [rawName, rawStrength, ...extra] = part.split(':');
    const name = ALIASES[rawName!.toLowerCase()] ?? rawName!.toLowerCase();
    const preset = EMOTIONS[name];
    if (!preset)
      throw new AuError(
        `unknown emotion "${rawName}"; use one of ${Object.keys(EMOTIONS).join(', ')} (e.g. happy:0.8+surprise:0.3)`,
      );
    // a plain decimal: Number() would read "" as 0 and "0x1" as 1
    if (extra.length || (rawStrength !== undefined && !PLAIN_DECIMAL.test(rawStrength.trim()))) {
      throw new AuError(
        `emotion strength "${part.slice(rawName!.length + 1)}" of ${rawName} must be a number from 0 to 2 (e.g. ${rawName}:0.8), or leave out the colon for 1`,
      );
    }
    const strength = rawStrength === undefined ? 1 : Number(rawStrength);
    if (strength < 0 || strength > 2)
      throw new AuError(`emotion strength "${rawStrength}" must be a number from 0 to 2`);
    for (const [au, v] of Object.entries(preset)) {
      const i = auIndex(Number(au));
      out[i] = Math.min(RAW_MAX, out[i]! + v * strength);
    }
  }
  if (!spec.trim()) throw new AuError(`empty emotion; use one of ${Object.keys(EMOTIONS).join(', ')}`);
  return out;
}
