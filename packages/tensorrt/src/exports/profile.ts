import type { TrtexecLayerProfile, TrtexecLayerTiming } from '../log/types.js';
import { exportShapeError, isObject, numberField, parseExportText } from './common.js';

/**
 * Reads an `--exportProfile` file: `[ {"count": N}, {"name", "timeMs", "averageMs", "medianMs",
 * "percentage"}, … ]`. `timeMs` is the total over the N iterations; `medianMs` is missing in older
 * versions. Names are not escaped by trtexec, which the tolerant reader absorbs.
 */
export function parseTrtexecProfile(text: string, source = '<exportProfile>'): TrtexecLayerProfile {
  const data = parseExportText(text, source, '--exportProfile');
  if (!Array.isArray(data)) throw exportShapeError(source, '--exportProfile', 'expected a JSON array');
  const profile: TrtexecLayerProfile = { layers: [] };
  data.forEach((item, i) => {
    if (!isObject(item)) throw exportShapeError(source, '--exportProfile', `entry ${i} is not an object`);
    const count = numberField(item, 'count');
    if (count !== undefined && item.name === undefined) {
      profile.iterations = count;
      return;
    }
    if (typeof item.name !== 'string') throw exportShapeError(source, '--exportProfile', `entry ${i} has no "name"`);
    const row: TrtexecLayerTiming = {
      name: item.name,
      timeMs: numberField(item, 'timeMs') ?? Number.NaN,
      averageMs: numberField(item, 'averageMs') ?? Number.NaN,
      percentage: numberField(item, 'percentage') ?? Number.NaN,
    };
    const median = numberField(item, 'medianMs');
    if (median !== undefined) row.medianMs = median;
    profile.layers.push(row);
  });
  return profile;
}
