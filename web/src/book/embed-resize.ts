/**
 * Inside the embed's iframe: posts `{ type: 'slotflow:resize', height }` to the host page whenever the
 * document's height changes (ResizeObserver on <html>, whose box is the content height, unlike its
 * scrollHeight which never shrinks below the iframe). public/embed.js sizes the iframe from it and
 * obeys only messages from this origin and this frame. The height is not secret: target '*'.
 */
export function reportHeightToParent(): () => void {
  if (window.parent === window || typeof ResizeObserver === 'undefined') return () => {};
  let last = 0;
  const post = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: 'slotflow:resize', height }, '*');
    }
  };
  const ro = new ResizeObserver(post);
  ro.observe(document.documentElement);
  post();
  return () => ro.disconnect();
}
