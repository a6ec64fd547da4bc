/**
 * The wire shapes the browser code reads (docs/protocol.md; the zod schemas in src/protocol/
 * are the source of truth). Ambient on purpose: the widget and the console are classic scripts
 * without imports, so they can be embedded with a plain <script src> tag.
 */

type PqaVerdict = 'yes' | 'no' | 'conditional' | 'not_stated';
type PqaRange = [number, number];

interface PqaCitation {
  documentId: string;
  clauseId: string;
  heading: string;
  excerpt: string;
  start: number;
  end: number;
  score: number;
  highlights: PqaRange[];
}

interface PqaAnswer {
  text: string;
  answerable: boolean;
  verdict: PqaVerdict | null;
  confidence: number;
  citations: PqaCitation[];
}

interface PqaSearchHit {
  documentId: string;
  clauseId: string;
  heading: string;
  score: number;
  excerpt: string;
  start: number;
  end: number;
  highlights: PqaRange[];
}

interface PqaClauseSummary {
  id: string;
  heading: string;
  start: number;
  end: number;
  parentId: string | null;
  depth: number;
}

interface PqaWarning {
  code: string;
  level: 'error' | 'warning' | 'info';
  message: string;
  clauseId?: string;
  start?: number;
  end?: number;
}

interface PqaDocument {
  id: string;
  title: string | null;
  format: 'text' | 'markdown' | 'html';
  text: string;
  clauses: PqaClauseSummary[];
  warnings: PqaWarning[];
}

interface PqaDocumentSummary {
  id: string;
  title: string | null;
  format: 'text' | 'markdown' | 'html';
  clauses: number;
  warnings: number;
}

interface PqaErrorBody {
  code: string;
  message: string;
}

type PqaServerMessage =
  | {
      type: 'ready';
      protocol: string;
      documents: string[];
      limits: { maxQuestionLength: number; maxPayload: number; maxInflight: number };
    }
  | { type: 'answer'; id: string; answer: PqaAnswer }
  | { type: 'error'; id: string | null; error: PqaErrorBody }
  | { type: 'pong' };
