import { DEFAULT_MANAGERIAL_TARGET } from '@mahir/competency';

/** (class, level) pairs from the one source of the class defaults, as SQL VALUES. */
const CLASS_DEFAULTS = Object.entries(DEFAULT_MANAGERIAL_TARGET)
  .filter(([, level]) => level !== null)
  .map(([cls, level]) => `('${cls}', ${level})`)
  .join(', ');

/**
 * The effective standard of every position of tenant `$1`: the levels set explicitly, and
 * for the national dictionary (managerial and socio-cultural) the usual level of the
 * position's class wherever nothing was set. Functional positions have no defaults.
 * Columns: position_id, competency_id, required_level, explicit.
 */
export const EFFECTIVE_STANDARD_SQL = `
  SELECT ps.position_id, ps.competency_id, ps.required_level, true AS explicit
  FROM position_standard ps JOIN competency c ON c.id = ps.competency_id AND c.retired_at IS NULL
  WHERE ps.tenant_id = $1
  UNION ALL
  SELECT p.id, c.id, d.level::smallint, false
  FROM position p
  JOIN (VALUES ${CLASS_DEFAULTS}) AS d(position_class, level) ON d.position_class = p.position_class
  CROSS JOIN competency c
  WHERE p.tenant_id = $1 AND c.tenant_id IS NULL AND c.retired_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM position_standard ps WHERE ps.position_id = p.id AND ps.competency_id = c.id)`;
