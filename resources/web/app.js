// Tincan's web page: a client of the local bridge (docs/api.md). REST for reading and acting,
// the /api/v1/events WebSocket for everything that happens afterwards. Text from peers only
// ever reaches the page through textContent, never as HTML.
'use strict';

const state = {
  token: '',
  me: null,
  peers: new Map(),         // id → peer
  conversations: new Map(), // id → conversation summary
  current: null,            // the open conversation's id
  messages: new Map(),      // uuid → <li> of the open conversation
  states: new Map(),        // uuid → the furthest delivery state seen
  typingTimer: 0,
  lastTypingSent: 0,
  socket: null,
  retryMs: 500,
};

const $ = (id) => document.getElementById(id);

async function takeToken() {
  // "Open web page" and `tincan ctl open-url` give a one-time code in the fragment (#code=…),
  // which browsers never send anywhere; the page trades it for the token once, so the token is
  // in no command line or history. #token=… still works for those who paste the token by hand.
  // The token is kept for this tab only, and the fragment leaves the address bar.
  const params = new URLSearchParams(location.hash.slice(1) || location.search.slice(1));
  const code = params.get('code');
  let token = params.get('token');
  if (code || token) history.replaceState(null, '', location.pathname);
  if (code) {
    const response = await fetch('/api/v1/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    const reply = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(reply.error || `${response.status}`);
    token = reply.token;
  }
  if (token) sessionStorage.setItem('tincan-token', token);
  return token || sessionStorage.getItem('tincan-token') || '';
}

async function api(method, path, body) {
  const init = { method, headers: { Authorization: `Bearer ${state.token}` } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`/api/v1${path}`, init);
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json.error || `HTTP ${response.status}`);
  return json;
}

function toast(text, isError = false) {
  const el = $('toast');
  el.textContent = text;
  el.classList.toggle('error', isError);
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 4000);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function initials(name) {
  return (name || '?').trim().split(/\s+/).slice(0, 2).map((w) => w[0]).join('').toUpperCase();
}

function avatar(name, online) {
  const a = el('div', 'avatar', initials(name));
  if (online !== undefined) a.append(el('span', `presence${online ? ' online' : ''}`));
  return a;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
}

function nameOf(id) {
  const peer = state.peers.get(id);
  return peer ? peer.displayName : id.slice(0, 8);
}

// Lists

// "online", and how the link goes when it is not on the LAN, as the desktop's header says it.
function presence(peer) {
  if (!peer.online) return 'offline';
  const kind = peer.link && peer.link.kind;
  return kind === 'relayed' ? 'online — across the internet, relayed'
    : kind === 'direct' ? 'online — across the internet, direct' : 'online';
}

function renderPeers() {
  const list = $('peers');
  list.replaceChildren();
  const peers = [...state.peers.values()].sort((a, b) =>
    (b.online - a.online) || a.displayName.localeCompare(b.displayName));
  for (const peer of peers) {
    const li = el('li', 'item');
    li.dataset.id = peer.id;
    li.classList.toggle('active', state.current === peer.id);
    const text = el('div', 'item-text');
    const title = el('div', 'item-title');
    title.append(el('span', 'item-name', peer.displayName));
    if (peer.trust !== 'unverified') title.append(el('span', `badge ${peer.trust}`, peer.trust));
    text.append(title, el('div', 'item-sub', presence(peer)));
    li.append(avatar(peer.displayName, peer.online), text);
    li.addEventListener('click', () => openConversation(peer.id));
    list.append(li);
  }
  $('no-peers').hidden = peers.length > 0;
}

function renderConversations() {
  const list = $('conversations');
  list.replaceChildren();
  const conversations = [...state.conversations.values()]
    .filter((c) => c.lastMessage)
    .sort((a, b) => (b.lastActivity || '').localeCompare(a.lastActivity || ''));
  for (const c of conversations) {
    const li = el('li', 'item');
    li.dataset.id = c.id;
    li.classList.toggle('active', state.current === c.id);
    const peer = c.peerId ? state.peers.get(c.peerId) : null;
    const name = peer ? peer.displayName : c.title;
    const text = el('div', 'item-text');
    const title = el('div', 'item-title');
    title.append(el('span', 'item-name', name));
    if (c.requestState === 'pending') title.append(el('span', 'badge pending', 'request'));
    const preview = (c.lastMessage.outgoing ? 'You: ' : '') + c.preview;
    text.append(title, el('div', 'item-sub', preview));
    li.append(avatar(name, peer ? peer.online : undefined), text);
    if (c.unread > 0) li.append(el('span', 'unread', String(c.unread)));
    li.addEventListener('click', () => openConversation(c.id));
    list.append(li);
  }
  $('no-conversations').hidden = conversations.length > 0;
}

async function loadPeers() {
  const { peers } = await api('GET', '/peers');
  state.peers = new Map(peers.map((p) => [p.id, p]));
  renderPeers();
  renderHeader();
}

let conversationsPending = 0;
function loadConversationsSoon() {
  clearTimeout(conversationsPending);
  conversationsPending = setTimeout(loadConversations, 100);
}

async function loadConversations() {
  const { conversations } = await api('GET', '/conversations');
  state.conversations = new Map(conversations.map((c) => [c.id, c]));
  renderConversations();
  renderHeader();
}

async function answerRequest(verb) {
  try {
    await api('POST', `/conversations/${state.current}/${verb}`);
    await loadConversations();
  } catch (e) {
    toast(e.message, true);
  }
}

// The open conversation

function renderHeader() {
  if (!state.current) return;
  const peer = state.peers.get(state.current);
  const conversation = state.conversations.get(state.current);
  const pending = conversation && conversation.requestState === 'pending';
  $('request').hidden = !pending;
  if (pending) $('request-text').textContent = `${conversation.title} is not among your contacts yet.`;
  $('chat-name').textContent = peer ? peer.displayName : (conversation ? conversation.title : '');
  const trust = $('chat-trust');
  trust.hidden = !peer;
  if (peer) {
    trust.className = `badge ${peer.trust}`;
    trust.textContent = peer.trust;
    $('chat-sub').textContent = presence(peer);
    const info = $('chat-info');
    info.replaceChildren();
    info.append('Fingerprint ', el('code', '', peer.fingerprint), el('br'));
    info.append('Safety number ', el('code', '', peer.safetyNumber || 'unknown until you have met'));
  }
}

// Delivery states only move forward; events and answers may arrive in either order.
const stateRank = { failed: -1, queued: 0, sent: 1, deposited: 2, delivered: 3, read: 4 };
const stateMarks = { queued: '○', sent: '✓', deposited: '✓✉', delivered: '✓✓', read: '✓✓', failed: '!' };
const stateTitles = { deposited: 'held by a mailbox until the recipient is online' };
function furthestState(uuid, seen) {
  const known = state.states.get(uuid);
  if (known !== undefined && stateRank[known] >= stateRank[seen]) return known;
  state.states.set(uuid, seen);
  return seen;
}

function messageItem(m) {
  const li = el('li', `msg ${m.outgoing ? 'out' : 'in'}${m.deleted ? ' deleted' : ''}`);
  li.dataset.uuid = m.uuid;
  li.append(el('div', 'bubble', m.deleted ? 'message deleted' : m.text));
  const meta = el('div', 'meta', time(m.sentAt) + (m.editedAt ? ' · edited' : ''));
  if (m.outgoing) {
    const delivery = furthestState(m.uuid, m.state);
    meta.append(' ', el('span', `state ${delivery}`, stateMarks[delivery] || ''));
    meta.title = m.held ? `${delivery}; waits: ${m.held}` : stateTitles[delivery] || delivery;
  }
  li.append(meta);
  return li;
}

function addMessage(m, scroll = true) {
  const list = $('messages');
  const item = messageItem(m);
  const old = state.messages.get(m.uuid);
  if (old) old.replaceWith(item); else list.append(item);
  state.messages.set(m.uuid, item);
  if (scroll) list.scrollTop = list.scrollHeight;
}

async function openConversation(id) {
  state.current = id;
  state.messages.clear();
  $('messages').replaceChildren();
  $('placeholder').hidden = true;
  $('conversation').hidden = false;
  $('typing').hidden = true;
  $('chat-info').hidden = true;
  $('app').classList.add('open');
  renderHeader();
  renderPeers();
  renderConversations();
  // A peer without messages has no conversation yet: it appears with the first one.
  if (state.conversations.has(id)) {
    try {
      const { messages } = await api('GET', `/conversations/${id}/messages?limit=100`);
      if (state.current !== id) return;
      messages.reverse().forEach((m) => addMessage(m, false));
      $('messages').scrollTop = $('messages').scrollHeight;
      markRead();
    } catch (e) {
      toast(e.message, true);
    }
  }
  $('composer-text').focus();
}

function markRead() {
  const c = state.conversations.get(state.current);
  if (c && c.unread > 0 && document.visibilityState === 'visible')
    api('POST', `/conversations/${state.current}/read`).catch(() => {});
}

async function send(event) {
  event.preventDefault();
  const box = $('composer-text');
  const text = box.value;
  if (!text.trim() || !state.current) return;
  $('send').disabled = true;
  try {
    addMessage(await api('POST', '/messages', { to: state.current, text }));
    box.value = '';
    box.style.height = '';
  } catch (e) {
    toast(`Not sent: ${e.message}`, true);
  } finally {
    $('send').disabled = false;
    box.focus();
  }
}

function onComposerInput() {
  const box = $('composer-text');
  box.style.height = '';
  box.style.height = `${Math.min(box.scrollHeight, 160)}px`;
  const now = Date.now();
  if (state.current && now - state.lastTypingSent > 3000 && state.conversations.has(state.current)) {
    state.lastTypingSent = now;
    api('POST', `/conversations/${state.current}/typing`, { typing: true }).catch(() => {});
  }
}

// Events

function showKeyChange(change) {
  const box = el('div', 'keychange');
  box.append(el('strong', '', `${change.knownName || 'A peer'} presented a different key`),
    el('div', '', `from ${change.address}. Compare safety numbers before you trust it.`));
  const actions = el('div', 'actions');
  for (const [label, accept] of [['Accept new key', true], ['Block it', false]]) {
    const b = el('button', accept ? '' : 'reject', label);
    b.addEventListener('click', async () => {
      await api('POST', `/keychanges/${change.presentedId}`, { accept }).catch((e) => toast(e.message, true));
      box.remove();
    });
    actions.append(b);
  }
  box.append(actions);
  $('keychanges').append(box);
}

const handlers = {
  ready() { loadPeers().then(loadConversations).catch((e) => toast(e.message, true)); },
  'peer.online'(d) { state.peers.set(d.peer.id, d.peer); renderPeers(); renderHeader(); renderConversations(); },
  'message.new'(m) {
    if (m.conversationId === state.current) { addMessage(m); if (!m.outgoing) markReadSoon(); }
    loadConversationsSoon();
  },
  'message.updated'(m) { if (state.messages.has(m.uuid)) addMessage(m, false); },
  'message.state'(d) {
    const delivery = furthestState(d.uuid, d.state);
    const item = state.messages.get(d.uuid);
    const span = item && item.querySelector('.state');
    if (span) {
      span.className = `state ${delivery}`;
      span.textContent = stateMarks[delivery];
      span.parentElement.title = delivery;
    }
  },
  typing(d) {
    if (d.conversationId !== state.current) return;
    const t = $('typing');
    t.textContent = `${nameOf(d.peerId)} is typing…`;
    t.hidden = !d.typing;
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(() => { t.hidden = true; }, 6000);
  },
  keychange: showKeyChange,
  'conversations.changed'() { loadConversationsSoon(); },
};
handlers['peer.offline'] = handlers['peer.online'];
handlers['peer.updated'] = handlers['peer.online'];

function markReadSoon() { setTimeout(() => loadConversations().then(markRead), 150); }

function setStatus(text, live) {
  const status = $('me-status');
  status.classList.toggle('live', live === true);
  status.classList.toggle('down', live === false);
  status.lastChild.textContent = text;
}

function connect() {
  const url = `ws://${location.host}/api/v1/events?token=${encodeURIComponent(state.token)}`;
  const socket = new WebSocket(url);
  state.socket = socket;
  socket.onmessage = (e) => {
    const frame = JSON.parse(e.data);
    if (frame.event === 'ready') {
      state.me = frame.data;
      $('me-name').textContent = frame.data.name;
      setStatus('connected', true);
      state.retryMs = 500;
    }
    const handle = frame.event && handlers[frame.event];
    if (handle) handle(frame.data);
  };
  socket.onclose = (e) => {
    if (e.code === 4401 || e.code === 4403) {
      setStatus('no access: run “tincan ctl open-url” for a fresh link', false);
      return;
    }
    setStatus('reconnecting…', false);
    setTimeout(connect, state.retryMs);
    state.retryMs = Math.min(state.retryMs * 2, 10000);
  };
}

async function start() {
  try {
    state.token = await takeToken();
  } catch (e) {
    setStatus(`${e.message}: run “tincan ctl open-url” for a fresh link`, false);
    return;
  }
  if (!state.token) {
    setStatus('no token: open the link from “tincan ctl open-url”', false);
    return;
  }
  $('composer').addEventListener('submit', send);
  $('composer-text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) send(e);
  });
  $('composer-text').addEventListener('input', onComposerInput);
  $('request-accept').addEventListener('click', () => answerRequest('accept'));
  $('request-ignore').addEventListener('click', () => answerRequest('ignore'));
  $('back').addEventListener('click', () => { $('app').classList.remove('open'); });
  $('chat-info-toggle').addEventListener('click', () => { $('chat-info').hidden = !$('chat-info').hidden; });
  document.addEventListener('visibilitychange', markRead);
  $('add-peer').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('add-peer-target');
    try {
      await api('POST', '/peers', { target: input.value.trim() });
      toast(`Connecting to ${input.value.trim()}…`);
      input.value = '';
    } catch (err) {
      toast(err.message, true);
    }
  });
  connect();
}

start();
