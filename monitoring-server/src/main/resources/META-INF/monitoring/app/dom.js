// What the dashboard and the status page build their pages with, in one place.
window.dom = Object.freeze({
  /** The first element a selector finds, in the document or below a given element. */
  $: (selector, root = document) => root.querySelector(selector),
  /** An element with attributes and children; text is always set as text, never parsed as HTML. */
  el: (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (value !== undefined && value !== null) node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  },
});
