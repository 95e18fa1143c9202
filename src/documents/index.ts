/** The documents layer's public surface: templates, renderers, the service and its route. */
export type { Block, DocumentContent } from './blocks.js';
export {
  DocumentService,
  planFormats,
  type DocumentServiceDeps,
  type FormatPlan,
  type OpenedDocument,
} from './document-service.js';
export { DocumentStore, type DocumentRow, type FulfilmentTask } from './document-store.js';
export {
  caseLetterKinds,
  documentKinds,
  informationKinds,
  isInformationKind,
  isRenderableFormat,
  peopleFormats,
  renderableFormats,
  responseOutcomes,
  type CaseLetterKind,
  type DocumentKind,
  type ExtensionFacts,
  type InformationKind,
  type LetterExtras,
  type LetterFacts,
  type PeopleFormat,
  type RenderableFormat,
  type ResponseFacts,
} from './kinds.js';
export type {
  DocumentLink,
  DocumentPort,
  DocumentResult,
  InformationRequest,
  LetterSent,
  TaskRequest,
} from './ports.js';
export { escapeHtml, renderHtml, stylesheet, type HtmlOptions, type RenderedHtml } from './render-html.js';
export { renderPdf, type PdfOptions } from './render-pdf.js';
export { documentsRouter } from './route.js';
export { formatStyles, type FormatStyle } from './styles.js';
export { buildDocument, type TemplateInput } from './templates.js';
export { hasDocumentWords, wordingFor, type Wording } from './wording.js';
