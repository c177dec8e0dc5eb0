/**
 * The master switch, on its own so that `agentsight/register` can read it before loading anything
 * else: a process with agentsight switched off loads this, the settings table and nothing more.
 */
import { type Env, noProblems, type Problems, readEnv } from './setting';
import { OPTIONS, VARIABLES } from './table';

/**
 * Whether agentsight is on: the `enabled` option (given already checked), else
 * `AGENTSIGHT_ENABLED`, else not `OTEL_SDK_DISABLED`. A bad value is a problem and counts as unset.
 */
export function masterSwitch(option: boolean | undefined, env: Env, problems: Problems = noProblems()): boolean {
  return option ?? readEnv(OPTIONS.enabled, env, problems) ?? readEnv(VARIABLES.OTEL_SDK_DISABLED, env, problems) !== true;
}
