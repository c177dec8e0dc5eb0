import type { SessionState } from '../../src/ui/api-types';
import { STATE_HELP, STATE_TEXT } from '../format';

export function StateBadge({ state }: { state: SessionState }) {
  return (
    <span class={`state state-${state}`} title={STATE_HELP[state]}>
      {STATE_TEXT[state]}
    </span>
  );
}
