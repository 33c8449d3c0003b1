// Every trainable model, by name: `ganimate train --model <name>` reads its options table and trains it from here.
// Adding a model is a folder under src/models/ with a recipe.ts (train/recipe.ts says what it holds) and a line below;
// docs/adding-a-model.md walks through one.
import { InvalidOptionError } from '../errors.js';
import type { ModelRecipe, RunOptions } from '../train/recipe.js';
import { estimatorRecipe } from './au-estimator/recipe.js';
import { ganimationRecipe } from './ganimation/recipe.js';
import { geoganRecipe } from './geogan/recipe.js';

export const MODELS: readonly ModelRecipe<RunOptions>[] = [
  ganimationRecipe as unknown as ModelRecipe<RunOptions>,
  estimatorRecipe as unknown as ModelRecipe<RunOptions>,
  geoganRecipe as unknown as ModelRecipe<RunOptions>,
];

/** The model `ganimate train` trains when told none. */
export const DEFAULT_MODEL = 'ganimation';

export function modelNamed(name: string): ModelRecipe<RunOptions> {
  const m = MODELS.find((r) => r.name === name);
  if (!m) throw new InvalidOptionError(`unknown model "${name}"; known: ${MODELS.map((r) => r.name).join(', ')}`);
  return m;
}

/** The model of a stored run: its recorded name, or (runs written before models had names) the model whose
 * configurations hold the run's. */
export function modelOfRun(stored: { model?: string; options: { config?: unknown } }): ModelRecipe<RunOptions> {
  if (stored.model) return modelNamed(stored.model);
  const config = String(stored.options.config ?? '');
  const m = MODELS.find((r) => config in r.configs);
  if (!m)
    throw new InvalidOptionError(
      `this run's configuration "${config}" belongs to no model (${MODELS.map((r) => r.name).join(', ')})`,
    );
  return m;
}
