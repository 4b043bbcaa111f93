// Lessons: a scenario with a text, predictions, a checked question and claims (see format.ts).
export { parseLesson, fillClaims, claimValue, numberAnswer, groupDigits, LessonError, LESSON_VERSION, type Lesson, type Claims, type Prediction, type Question, type LessonRun, type LessonCampaign } from "./format";
export { checkClaims, actualAnswer, claimedAnswer, numberIsRight, claimedEvent, type RunFacts, type CampaignCounts } from "./claims";
export { encodeLessonLink, decodeLessonLink, isLessonLink } from "./link";
