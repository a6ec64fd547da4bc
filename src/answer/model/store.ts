/**
 * The policy models of an index's documents, kept next to the index (one map per ClauseIndex).
 *
 * The server builds them once when the corpus is indexed (`buildPolicyModels`, a few documents
 * at a time between event-loop turns) and the index snapshot keeps them (`policyModelSnapshot`),
 * so answering only reads them. An index built without them (the CLI, tests that build an index
 * directly) gets a document's model built on its first use and kept.
 */
import type { ClauseIndex } from '../../search/clause-index.ts';
import type { SnapshotExtra } from '../../search/snapshot-store.ts';
import { buildPolicyModel } from './build.ts';
import type { PolicyModel } from './types.ts';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

const stores = new WeakMap<ClauseIndex, Map<string, PolicyModel>>();

function storeOf(index: ClauseIndex): Map<string, PolicyModel> {
  let store = stores.get(index);
  if (!store) stores.set(index, (store = new Map()));
  return store;
}

/** The model of a document of the index, or null for a document the index does not hold. */
export function policyModel(index: ClauseIndex, documentId: string): PolicyModel | null {
  const store = storeOf(index);
  let model = store.get(documentId);
  if (!model) {
    const document = index.getDocument(documentId);
    if (!document) return null;
    model = buildPolicyModel(document);
    store.set(documentId, model);
  }
  return model;
}

/** Builds every document's model, yielding to the event loop every `sliceMs`. */
export async function buildPolicyModels(index: ClauseIndex, sliceMs = 20): Promise<PolicyModel[]> {
  const store = storeOf(index);
  let sliceEnd = performance.now() + sliceMs;
  for (const document of index.listDocuments()) {
    if (performance.now() > sliceEnd) {
      await yieldToEventLoop();
      sliceEnd = performance.now() + sliceMs;
    }
    if (!store.has(document.id)) store.set(document.id, buildPolicyModel(document));
  }
  return [...store.values()];
}

/** Keeps models read from a snapshot with the index. */
export function attachPolicyModels(index: ClauseIndex, models: PolicyModel[]): void {
  const store = storeOf(index);
  for (const m of models) if (index.getDocument(m.documentId)) store.set(m.documentId, m);
}

/** The models as a part of the index snapshot (src/search/snapshot-store.ts). */
export const policyModelSnapshot: SnapshotExtra = {
  name: 'policy-models',
  // The index worker (src/search/index-worker.ts) imports it from here to build the models there;
  // this module's imports (the model's code, countries, the vocabulary) are in the snapshot key.
  module: { url: import.meta.url, export: 'policyModelSnapshot' },
  build: (index) => buildPolicyModels(index),
  restore: (index, data) => {
    if (!Array.isArray(data) || data.length !== index.documentCount) throw new Error('policy models do not match the documents');
    attachPolicyModels(index, data as PolicyModel[]);
  },
};
