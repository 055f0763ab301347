import type { ControlDefinition } from "../evidence-model";
import { CRA_CONTROLS } from "./cra";
import { DATA_ACT_CONTROLS } from "./data-act";
import { DORA_CONTROLS } from "./dora";
import { NIS2_CONTROLS } from "./nis2";

/** Every control of the matrix, in report order. */
export const CONTROLS: readonly ControlDefinition[] = [...CRA_CONTROLS, ...NIS2_CONTROLS, ...DORA_CONTROLS, ...DATA_ACT_CONTROLS];
