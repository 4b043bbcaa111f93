/** Cycles a lockstep machine runs between two comparisons unless told otherwise (`--epoch`, a
 *  scenario's `epoch`): one definition for the harness and the scenario format. */
export const DEFAULT_EPOCH = 1 << 16;
