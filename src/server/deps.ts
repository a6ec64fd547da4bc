/** What the routes receive (passed as plugin options; no decorators holding domain logic). */
import type { Config } from '../config.ts';
import type { AskObserver } from './ask.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { IndexHolder } from './index-holder.ts';

export interface AppDeps {
  config: Config;
  indexHolder: IndexHolder;
  conversations: ConversationStore;
  /** Question log fields (length, keyed hash) and metrics, for every ask. */
  observer: AskObserver;
}
