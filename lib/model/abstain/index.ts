/** Abstention: score methods, policies and their defaults, applying a threshold, and calibrating one on held-out data. */
export { ABSTAIN_DEFAULTS, ABSTAIN_METHODS, isAbstainMethod, type AbstainMethod, type AbstainPolicy } from './policy';
export { abstainScore, labelsNeeded, policyScore } from './score';
export { answerPrediction, applyAbstention, classifyWithAbstention, type AnsweredPrediction } from './apply';
export { policyInForce, type PolicyInForce, type ThresholdSource } from './resolve';
export { abstainPolicyFromJson, type AbstainMeasured, type AbstainSection } from './section';
export { calibrateAbstention, rejectAllowance, thresholdForRejectRate, type CalibrationInput, type HeldOutPrediction } from './calibrate';
export { candidateThresholds, operatingCurve, operatingPoint, type OperatingPoint, type ScoredInScope } from './operating-point';
