/**
 * The stable codes of the `validate` stage. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const ValidateStageCode = {
  /** The candidate's inputs or outputs do not match the reference's. */
  CandidateMismatch: 'E_CANDIDATE_MISMATCH',
  /** An expected output of the data set does not fit the reference model's output. */
  ExpectedOutput: 'E_EXPECTED_OUTPUT',
  /** The data source gave no samples. */
  ValidateDataset: 'E_VALIDATE_DATASET',
  /** `outputs:` names outputs the model does not have. */
  ValidateOutputs: 'E_VALIDATE_OUTPUTS',
  /** `task.output` is needed (several outputs) or names no output. */
  ValidateTask: 'E_VALIDATE_TASK',
  /** Neither or both of candidate and candidate_engine were given. */
  ValidateCandidate: 'E_VALIDATE_CANDIDATE',
} as const;

export type ValidateStageCode = (typeof ValidateStageCode)[keyof typeof ValidateStageCode];
