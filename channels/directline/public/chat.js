// Web chat page: plain JavaScript, no framework, no build step. It speaks Direct Line 3.0
// (REST + WebSocket) to the gateway. Customer and bot text only ever goes in through
// textContent or text nodes, never as HTML.
(function () {
  'use strict';

  var SESSION_KEY = 'webchat.session';
  var PREFS_KEY = 'webchat.prefs';
  var LANGUAGES = ['en', 'cy', 'pl', 'ro', 'ur', 'pa', 'ar', 'bn', 'so', 'zh'];
  var RTL = { ar: true, ur: true };
  // Dates and times as each language writes them; English the UK way (15:10, 6 December 2026),
  // never the American "03:10 PM" and "12/6/2026". The same tags as src/languages.ts.
  var INTL = { en: 'en-GB', cy: 'cy-GB', pl: 'pl-PL', ro: 'ro-RO', ur: 'ur-PK', pa: 'pa-IN', ar: 'ar', bn: 'bn-BD', so: 'so-SO', zh: 'zh-CN' };
  var SIZES = ['standard', 'large', 'extra-large'];
  var MAX_LENGTH = 4000;
  var API = 'v3/directline';

  var $ = function (id) { return document.getElementById(id); };
  var liveRegion = $('log');
  var log = $('messages');
  var statusLine = $('status');
  var form = $('composer');
  var input = $('message');
  var sendButton = $('send');
  var languageSelect = $('language');
  var contrastButton = $('contrast');

  var strings = {};
  var english = {};
  var prefs = readJson(PREFS_KEY) || {};
  var session = null;      // { conversationId, token, expiresAt, watermark }
  var socket = null;
  var socketWanted = false;
  var reconnectDelay = 1000;
  var reconnectTimer = 0;
  var refreshTimer = 0;
  var shown = {};          // activity id -> true, so a replay never shows a message twice
  var pending = {};        // clientActivityID -> { item, text } until the server has taken it
  var waiting = [];        // clientActivityIDs typed before the conversation was ready
  var sentHere = {};       // clientActivityIDs sent from this page: their echoes are already on screen
  var transcript = [];     // { whoKey, text, when } for the download

  function readJson(key) {
    try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { return null; }
  }
  function writeJson(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: keep going without */ }
  }

  // ---- words ---------------------------------------------------------------

  function t(key, vars) {
    var text = strings[key] || english[key] || key;
    return text.replace(/\{\{(\w+)\}\}/g, function (_, name) { return vars && name in vars ? String(vars[name]) : ''; });
  }

  function loadStrings(lang) {
    return fetch('webchat/locales/' + lang + '.json').then(function (r) {
      if (!r.ok) throw new Error('locale ' + r.status);
      return r.json();
    });
  }

  function applyStrings() {
    var nodes = document.querySelectorAll('[data-i18n]');
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t(nodes[i].getAttribute('data-i18n'));
    // Labels that are not element text.
    var groups = log.querySelectorAll('.choices');
    for (var j = 0; j < groups.length; j++) groups[j].setAttribute('aria-label', t('choicesLabel'));
    var hints = log.querySelectorAll('.new-tab-hint');
    for (var h = 0; h < hints.length; h++) hints[h].textContent = ' ' + t('opensInNewTab');
    var whos = log.querySelectorAll('.who[data-who]');
    for (var k = 0; k < whos.length; k++) whos[k].textContent = t(whos[k].getAttribute('data-who'));
  }

  function setLanguage(lang, save) {
    if (LANGUAGES.indexOf(lang) < 0) lang = 'en';
    prefs.lang = lang;
    if (save) writeJson(PREFS_KEY, prefs);
    languageSelect.value = lang;
    var ready = lang === 'en' ? Promise.resolve(english) : loadStrings(lang);
    return ready.then(function (loaded) {
      strings = loaded;
      document.documentElement.lang = lang;
      document.documentElement.dir = RTL[lang] ? 'rtl' : 'ltr';
      applyStrings();
    }, function () {
      strings = english;
    });
  }

  // ---- display settings ----------------------------------------------------

  function applySize(size) {
    if (SIZES.indexOf(size) < 0) size = 'standard';
    var root = document.documentElement.classList;
    root.remove('size-large', 'size-extra-large');
    if (size !== 'standard') root.add('size-' + size);
    $('size-' + size).checked = true;
    prefs.size = size;
  }

  function applyContrast(on) {
    document.documentElement.classList.toggle('contrast', on);
    contrastButton.setAttribute('aria-pressed', on ? 'true' : 'false');
    prefs.contrast = on;
  }

  // ---- the conversation on screen -----------------------------------------

  function intlLocale() {
    return INTL[prefs.lang] || 'en-GB';
  }

  function timeOf(iso) {
    var date = iso ? new Date(iso) : new Date();
    try {
      return date.toLocaleTimeString(intlLocale(), { hour: '2-digit', minute: '2-digit' });
    } catch (e) {
      return date.toISOString().slice(11, 16);
    }
  }

  // "6 December 2026", "6 grudnia 2026": a date that cannot be read the American way.
  function dateOf(date) {
    try {
      return date.toLocaleDateString(intlLocale(), { day: 'numeric', month: 'long', year: 'numeric' });
    } catch (e) {
      return date.toISOString().slice(0, 10);
    }
  }

  // The words an activity says. A bot message with a link comes as Markdown that only escapes
  // characters and marks line breaks (channels/directline/text-format.ts): undo exactly that.
  function plainText(activity) {
    var text = typeof activity.text === 'string' ? activity.text : '';
    if (activity.textFormat !== 'markdown') return text;
    return text.replace(/ {2}\n/g, '\n').replace(/\\([\s\S])/g, function (whole, next) {
      if (next === '\n') return '\n';
      return /[!-\/:-@\[-`{-~]/.test(next) ? next : whole;
    });
  }

  // Bot text may carry web addresses; only https ones become links, built as elements. They
  // open in a new tab (so the chat stays open), say so to screen readers, and send no referrer.
  function appendText(target, text, linkify) {
    if (!linkify) { target.textContent = text; return; }
    var pattern = /https:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      target.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = document.createElement('a');
      link.href = match[0];
      link.textContent = match[0];
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      var hint = document.createElement('span');
      hint.className = 'visually-hidden new-tab-hint';
      hint.textContent = ' ' + t('opensInNewTab');
      link.appendChild(hint);
      target.appendChild(link);
      last = match.index + match[0].length;
    }
    target.appendChild(document.createTextNode(text.slice(last)));
  }

  function addMessage(kind, whoKey, text, when, locale) {
    var item = document.createElement('li');
    item.className = 'message ' + kind;
    if (locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale)) item.lang = locale;
    var who = document.createElement('p');
    who.className = 'who';
    who.setAttribute('data-who', whoKey);
    who.textContent = t(whoKey);
    var body = document.createElement('p');
    body.className = 'text';
    body.dir = 'auto';
    appendText(body, text, kind === 'bot');
    var meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = timeOf(when);
    item.appendChild(who);
    item.appendChild(body);
    item.appendChild(meta);
    log.appendChild(item);
    transcript.push({ whoKey: whoKey, text: text, when: when || new Date().toISOString() });
    return item;
  }

  function clearChoices() {
    var groups = log.querySelectorAll('.choices');
    for (var i = 0; i < groups.length; i++) groups[i].parentNode.removeChild(groups[i]);
  }

  function addChoices(item, actions) {
    var group = document.createElement('div');
    group.className = 'choices';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', t('choicesLabel'));
    actions.forEach(function (action) {
      if (!action || typeof action.value !== 'string') return;
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = typeof action.title === 'string' && action.title ? action.title : action.value;
      button.addEventListener('click', function () {
        // The group is about to go; keep keyboard users where they can type next.
        input.focus();
        send(action.value);
      });
      group.appendChild(button);
    });
    if (group.childNodes.length > 0) item.appendChild(group);
  }

  function showActivity(activity) {
    if (!activity || activity.type !== 'message' || typeof activity.id !== 'string' || shown[activity.id]) return;
    shown[activity.id] = true;
    var text = plainText(activity);
    var fromBot = activity.from && activity.from.role === 'bot';
    if (!fromBot) {
      var clientId = activity.channelData && activity.channelData.clientActivityID;
      // Our own message, on screen since it was sent.
      if (clientId && sentHere[clientId]) return;
      addMessage('user', 'you', text, activity.timestamp, activity.locale);
      return;
    }
    clearChoices();
    var human = activity.channelData && activity.channelData.fromHuman === true;
    var item = addMessage('bot', human ? 'staff' : 'assistant', text, activity.timestamp, activity.locale);
    var actions = activity.suggestedActions && activity.suggestedActions.actions;
    if (Array.isArray(actions) && actions.length > 0) addChoices(item, actions);
  }

  function setStatus(key, isError, vars) {
    statusLine.textContent = key ? t(key, vars) : '';
    statusLine.classList.toggle('error', !!isError);
  }

  // ---- Direct Line ---------------------------------------------------------

  function api(method, path, token, body) {
    var headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        if (!response.ok) {
          var error = new Error('HTTP ' + response.status);
          error.status = response.status;
          throw error;
        }
        return response.json();
      });
  }

  function saveSession() {
    if (session) writeJson(SESSION_KEY, session);
  }

  function adoptToken(answer) {
    session.token = answer.token;
    session.expiresAt = Date.now() + answer.expires_in * 1000;
    saveSession();
    scheduleRefresh();
  }

  // Refresh at half-life, so an open page keeps its conversation for as long as it is open.
  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    var wait = Math.max(5000, (session.expiresAt - Date.now()) / 2);
    refreshTimer = setTimeout(function () {
      api('POST', API + '/tokens/refresh', session.token).then(adoptToken, function (error) {
        if (error.status === 403 || error.status === 401) ended();
        else scheduleRefresh();
      });
    }, wait);
  }

  function openSocket(url) {
    socketWanted = true;
    var ws = new WebSocket(url);
    socket = ws;
    ws.onopen = function () {
      reconnectDelay = 1000;
      setStatus('');
    };
    ws.onmessage = function (event) {
      if (!event.data) return;
      var group;
      try { group = JSON.parse(event.data); } catch (e) { return; }
      (group.activities || []).forEach(showActivity);
      if (typeof group.watermark === 'string') {
        session.watermark = group.watermark;
        saveSession();
      }
    };
    ws.onclose = function () {
      if (socket !== ws || !socketWanted) return;
      socket = null;
      setStatus('reconnecting');
      clearTimeout(reconnectTimer);
      reconnectTimer = setTimeout(connect, reconnectDelay);
      reconnectDelay = Math.min(reconnectDelay * 2, 30000);
    };
  }

  // (Re)connects the stream from the watermark; the server replays what we missed.
  function connect() {
    var path = API + '/conversations/' + encodeURIComponent(session.conversationId) +
      '?watermark=' + encodeURIComponent(session.watermark || '');
    return api('GET', path, session.token).then(function (answer) {
      openSocket(answer.streamUrl);
    }, function (error) {
      if (error.status === 401 || error.status === 403 || error.status === 404) return ended();
      reconnectTimer = setTimeout(connect, reconnectDelay);
      reconnectDelay = Math.min(reconnectDelay * 2, 30000);
    });
  }

  function startNew() {
    setStatus('connecting');
    return api('POST', 'webchat/token').then(function (minted) {
      return api('POST', API + '/conversations', minted.token);
    }).then(function (answer) {
      session = { conversationId: answer.conversationId, token: answer.token, expiresAt: 0, watermark: '' };
      adoptToken(answer);
      openSocket(answer.streamUrl);
      flushWaiting();
    }).catch(function () {
      setStatus('errorStarting', true);
    });
  }

  // After a reload: show what was said (quietly), then carry on from there.
  function resume(saved) {
    session = saved;
    setStatus('connecting');
    var path = API + '/conversations/' + encodeURIComponent(saved.conversationId) + '/activities?watermark=';
    return api('GET', path, saved.token).then(function (page) {
      // Screen readers should not read the whole history out again after a reload.
      liveRegion.setAttribute('aria-live', 'off');
      (page.activities || []).forEach(showActivity);
      setTimeout(function () { liveRegion.setAttribute('aria-live', 'polite'); }, 1000);
      session.watermark = page.watermark;
      saveSession();
      scheduleRefresh();
      flushWaiting();
      return connect();
    }, function (error) {
      // Expired or unknown: begin again. Offline: keep the conversation for a later reload.
      if (error.status === 401 || error.status === 403 || error.status === 404) {
        forget();
        return startNew();
      }
      setStatus('errorStarting', true);
    });
  }

  function forget() {
    socketWanted = false;
    clearTimeout(reconnectTimer);
    clearTimeout(refreshTimer);
    if (socket) socket.close();
    socket = null;
    session = null;
    try { localStorage.removeItem(SESSION_KEY); } catch (e) { /* nothing stored */ }
  }

  function ended() {
    forget();
    setStatus('sessionExpired', true);
    sendButton.disabled = true;
    input.disabled = true;
  }

  function newId() {
    return 'c-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
  }

  function post(clientId) {
    var entry = pending[clientId];
    if (!entry) return;
    if (!session) {
      waiting.push(clientId);
      return;
    }
    entry.item.setAttribute('aria-busy', 'true');
    var failed = entry.item.querySelector('.failed');
    if (failed) failed.parentNode.removeChild(failed);
    var activity = {
      type: 'message',
      from: { id: 'user' },
      text: entry.text,
      locale: prefs.lang || 'en',
      channelData: { clientActivityID: clientId },
    };
    api('POST', API + '/conversations/' + encodeURIComponent(session.conversationId) + '/activities', session.token, activity)
      .then(function (answer) {
        shown[answer.id] = true;
        delete pending[clientId];
        entry.item.removeAttribute('aria-busy');
      }, function (error) {
        if (error.status === 401 || error.status === 403 || error.status === 404) return ended();
        showFailed(clientId);
      });
  }

  // A failed send stays on screen with a retry; the retry reuses the id, so it lands once.
  function showFailed(clientId) {
    var entry = pending[clientId];
    entry.item.removeAttribute('aria-busy');
    var note = document.createElement('p');
    note.className = 'failed';
    var words = document.createElement('span');
    words.textContent = t('notSent') + ' ';
    var retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'secondary';
    retry.textContent = t('retry');
    retry.addEventListener('click', function () {
      input.focus();
      post(clientId);
    });
    note.appendChild(words);
    note.appendChild(retry);
    entry.item.appendChild(note);
    setStatus('notSent', true);
  }

  // Sends what was typed while the conversation was still starting.
  function flushWaiting() {
    var queued = waiting;
    waiting = [];
    queued.forEach(post);
  }

  function send(text) {
    if (text.length > MAX_LENGTH) {
      setStatus('tooLong', true, { max: MAX_LENGTH });
      return false;
    }
    setStatus('');
    clearChoices();
    var clientId = newId();
    sentHere[clientId] = true;
    pending[clientId] = { item: addMessage('user', 'you', text, null, prefs.lang), text: text };
    post(clientId);
    return true;
  }

  // ---- transcript ----------------------------------------------------------

  function downloadTranscript() {
    var lines = [t('transcriptHeading', { date: dateOf(new Date()) }), t('automatedNotice'), ''];
    transcript.forEach(function (entry) {
      lines.push('[' + timeOf(entry.when) + '] ' + t(entry.whoKey) + ':');
      lines.push(entry.text);
      lines.push('');
    });
    // A byte-order mark so Windows Notepad reads Welsh, Polish, Arabic and the rest correctly.
    var blob = new Blob(['\ufeff' + lines.join('\r\n')], { type: 'text/plain;charset=utf-8' });
    var url = URL.createObjectURL(blob);
    var link = document.createElement('a');
    link.href = url;
    link.download = 'chat-transcript-' + new Date().toISOString().slice(0, 10) + '.txt';
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // ---- wiring --------------------------------------------------------------

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    if (send(text)) input.value = '';
  });

  input.addEventListener('keydown', function (event) {
    // Not while an input method (Chinese, for one) is still composing.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  languageSelect.addEventListener('change', function () { setLanguage(languageSelect.value, true); });

  var sizeInputs = document.querySelectorAll('input[name="text-size"]');
  for (var i = 0; i < sizeInputs.length; i++) {
    sizeInputs[i].addEventListener('change', function (event) {
      applySize(event.target.value);
      writeJson(PREFS_KEY, prefs);
    });
  }

  contrastButton.addEventListener('click', function () {
    applyContrast(!prefs.contrast);
    writeJson(PREFS_KEY, prefs);
  });

  $('download').addEventListener('click', downloadTranscript);

  $('restart').addEventListener('click', function () {
    if (session && !window.confirm(t('startNewConfirm'))) return;
    forget();
    log.textContent = '';
    transcript = [];
    shown = {};
    pending = {};
    waiting = [];
    sentHere = {};
    setStatus('');
    sendButton.disabled = false;
    input.disabled = false;
    startNew().then(function () { input.focus(); });
  });

  // ---- start ---------------------------------------------------------------

  function preferredLanguage() {
    if (prefs.lang) return prefs.lang;
    var wanted = (navigator.languages || [navigator.language || 'en']);
    for (var j = 0; j < wanted.length; j++) {
      var code = String(wanted[j]).slice(0, 2).toLowerCase();
      if (LANGUAGES.indexOf(code) >= 0) return code;
    }
    return 'en';
  }

  applySize(prefs.size);
  applyContrast(typeof prefs.contrast === 'boolean' ? prefs.contrast : !!(window.matchMedia && matchMedia('(prefers-contrast: more)').matches));

  loadStrings('en').then(function (loaded) { english = loaded; }, function () { /* the page's own English stays */ })
    .then(function () { return setLanguage(preferredLanguage(), false); })
    .then(function () {
      var saved = readJson(SESSION_KEY);
      if (saved && saved.conversationId && saved.token && saved.expiresAt > Date.now() + 10000) return resume(saved);
      forget();
      return startNew();
    });
})();
