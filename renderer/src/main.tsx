// The renderer's entry: make sure `window.journal` exists (Electron's preload, or the
// preview's HTTP bridge), then show the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installHttpBridge } from './bridge/http-bridge';
import { NoBridge } from './screens/NoBridge';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

createRoot(container).render(<StrictMode>{installHttpBridge() ? <App /> : <NoBridge />}</StrictMode>);
