// Batch operations on the page, as ES modules (no build step): a panel on the Files view, the history on the
// Operations view, live progress over one EventSource.
import { mountStartPanel } from './batch/start.js';
import { mountHistory } from './batch/operations.js';

const filesArea = document.getElementById('files-area');
if (filesArea) mountStartPanel(filesArea);
const operations = document.getElementById('view-operations');
if (operations) mountHistory(operations);
