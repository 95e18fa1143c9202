// The landlord's own page script, as channels/directline/README.md shows it: the token comes
// from the landlord's backend (which holds DIRECTLINE_SECRET), Web Chat says "webchat/join" as
// soon as it is connected so the assistant greets first, and the paperclip offers only the
// files the gateway takes.
(async function () {
  'use strict';
  var gateway = '@GATEWAY@';
  var answer = await fetch('/api/chat-token', { method: 'POST' });
  var token = (await answer.json()).token;

  var store = window.WebChat.createStore({}, function (api) {
    return function (next) {
      return function (action) {
        if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') {
          api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/join', value: { language: 'en-GB' } } });
        }
        if (window.onWebChatAction) window.onWebChatAction(action);
        return next(action);
      };
    };
  });

  window.WebChat.renderWebChat(
    {
      directLine: window.WebChat.createDirectLine({ token: token, domain: gateway + '/v3/directline' }),
      store: store,
      locale: 'en-GB',
      styleOptions: {
        uploadAccept: 'image/jpeg,image/png,image/gif,image/webp,image/heic,.heic,application/pdf,audio/*',
        uploadMultiple: true,
        // A photo goes as soon as it is chosen: Web Chat 4.18 sends nothing when send is pressed
        // before the photo's thumbnail is made (its own TODO), which a slow phone makes likely.
        sendAttachmentOn: 'attach',
      },
    },
    document.getElementById('webchat'),
  );
})();
