/*
 * slotflow embed: paste one line where the widget should appear
 *   <script src="https://book.example.com/embed.js" data-service="SERVICE_ID" async></script>
 * It inserts an iframe of <origin>/book[/SERVICE_ID] right where the tag is and resizes it to the
 * widget's height, which the widget posts as {type: "slotflow:resize", height} (only messages from the
 * widget's own origin and iframe are obeyed). Optional attributes: data-provider, data-time-zone,
 * data-locale, data-max-width (CSS length, default 640px). No dependencies; plain ES2017.
 */
(function () {
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src, location.href).origin;
  var d = script.dataset;
  var path = '/book' + (d.service ? '/' + encodeURIComponent(d.service) : '');
  var q = new URLSearchParams({ embed: '1' });
  if (d.provider) q.set('provider', d.provider);
  if (d.timeZone) q.set('tz', d.timeZone);
  if (d.locale) q.set('locale', d.locale);
  var frame = document.createElement('iframe');
  frame.src = origin + path + '?' + q.toString();
  frame.title = 'Book an appointment';
  frame.setAttribute('data-slotflow-widget', '');
  frame.style.cssText = 'display:block;width:100%;border:0;height:480px;max-width:' + (d.maxWidth || '640px');
  frame.setAttribute('loading', 'eager');
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener('message', function (e) {
    if (e.origin !== origin || e.source !== frame.contentWindow) return;
    var m = e.data;
    if (m && m.type === 'slotflow:resize' && typeof m.height === 'number' && m.height > 0) {
      frame.style.height = Math.ceil(m.height) + 'px';
    }
  });
})();
