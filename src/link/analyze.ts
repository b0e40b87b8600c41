import type { CodeAnalyzer } from '../engine/pipeline.js';

/** Placeholder until the code extractor lands (this very session): analyses nothing. */
export const analyzeCode: CodeAnalyzer = (_files) => ({ fragment: { nodes: [], edges: [] }, diagnostics: [], parsedFiles: 0 });
