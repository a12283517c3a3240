// carepress serve: live reload. The dev server adds this script to the
// pages it serves (never to build output). It listens to the server's
// events: it reloads the page when the site changed, swaps stylesheets when
// only CSS changed, and shows a failed rebuild's errors over the page until
// the next good build. Error text is only ever set as textContent.
(() => {
  "use strict";
  const script = document.currentScript;
  let build = script ? script.dataset.build : "";
  const overlayID = "carepress-overlay";

  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/_carepress/overlay.css";
  document.head.appendChild(style);

  const parse = (e) => {
    try {
      return JSON.parse(e.data);
    } catch {
      return {};
    }
  };

  const el = (tag, className, text) => {
    const n = document.createElement(tag);
    if (className) n.className = className;
    if (text !== undefined) n.textContent = text;
    return n;
  };

  const hideOverlay = () => {
    const old = document.getElementById(overlayID);
    if (old) old.remove();
  };

  const showOverlay = (problems) => {
    hideOverlay();
    const box = el("div");
    box.id = overlayID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", overlayID + "-title");
    const panel = el("div", "carepress-overlay__panel");
    const title = el("h2", "", "The site did not build");
    title.id = overlayID + "-title";
    panel.append(title, el("p", "", "This page is the last good build. Fix the file and save: this message goes away."));
    const list = el("ul");
    for (const p of problems || []) {
      const item = el("li");
      let pos = p.file || "";
      if (pos && p.line) pos += ":" + p.line + (p.col ? ":" + p.col : "");
      if (pos) item.append(el("span", "carepress-overlay__pos", pos));
      item.append(el("span", "carepress-overlay__msg", p.message || ""));
      if (p.hint) item.append(el("span", "carepress-overlay__hint", p.hint));
      list.append(item);
    }
    const close = el("button", "", "Dismiss");
    close.type = "button";
    close.addEventListener("click", hideOverlay);
    panel.append(list, close);
    box.append(panel);
    document.body.append(box);
    close.focus();
  };

  // swapCSS replaces the page's stylesheets that changed (all of the
  // site's, when none is named: an imported file may have changed) with
  // fresh copies, and drops each old one once its successor has loaded,
  // so the page never shows unstyled.
  const swapCSS = (changed) => {
    const links = [...document.querySelectorAll('link[rel~="stylesheet"]')].filter((l) => {
      const u = new URL(l.href, location.href);
      return u.origin === location.origin && !u.pathname.startsWith("/_carepress/");
    });
    let hit = links.filter((l) => changed.includes(new URL(l.href, location.href).pathname));
    if (hit.length === 0) hit = links;
    for (const old of hit) {
      const u = new URL(old.href, location.href);
      u.searchParams.set("carepress", Date.now().toString(36));
      const fresh = old.cloneNode();
      fresh.href = u.href;
      const drop = () => old.remove();
      fresh.addEventListener("load", drop, { once: true });
      fresh.addEventListener("error", drop, { once: true });
      old.after(fresh);
    }
  };

  const events = new EventSource("/_carepress/events");
  events.addEventListener("hello", (e) => {
    // A build this page has not seen: it changed while the page loaded,
    // or while the stream was down, or the server restarted.
    const d = parse(e);
    if (build && d.build && d.build !== build) location.reload();
    else build = d.build || build;
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("css", (e) => {
    const d = parse(e);
    build = d.build || build;
    swapCSS(d.changed || []);
  });
  events.addEventListener("failed", (e) => showOverlay(parse(e).problems));
  events.addEventListener("fixed", hideOverlay);
})();
