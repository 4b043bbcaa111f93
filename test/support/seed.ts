/** The corpus seed: LOCKSTEP86_ASM_SEED when set (to try other programs), else a fixed one. */
export const CORPUS_SEED = Number(process.env.LOCKSTEP86_ASM_SEED ?? 20240501);
if (!Number.isInteger(CORPUS_SEED)) throw new Error("LOCKSTEP86_ASM_SEED must be an integer");
