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

  // handle acts on one event of the server's stream.
  const handle = (name, d) => {
    switch (name) {
      case "hello":
        // A build this page has not seen: it changed while the page
        // loaded, or while the stream was down, or the server restarted.
        if (build && d.build && d.build !== build) location.reload();
        else build = d.build || build;
        break;
      case "reload":
        location.reload();
        break;
      case "css":
        build = d.build || build;
        swapCSS(d.changed || []);
        break;
      case "failed":
        showOverlay(d.problems);
        break;
      case "fixed":
        hideOverlay();
        break;
    }
  };

  const connect = (deliver) => {
    const events = new EventSource("/_carepress/events");
    for (const name of ["hello", "reload", "css", "failed", "fixed"]) {
      events.addEventListener(name, (e) => deliver(name, parse(e)));
    }
  };

  // A browser opens at most 6 HTTP/1.1 connections to a server, and each
  // event stream keeps one: with a stream per tab, the seventh tab would
  // never load. So the tabs elect one (the holder of a Web Lock) to keep
  // the only stream and pass its events on to the others. Where locks
  // are missing (not a secure context, such as --bind 0.0.0.0 reached by
  // address), each tab keeps its own stream.
  if (navigator.locks && window.BroadcastChannel) {
    const channel = new BroadcastChannel("carepress-events");
    let state = null; // the leader's view: last hello and current failure
    channel.onmessage = (m) => {
      const { name, data } = m.data || {};
      if (name === "ask") {
        // A tab that just loaded asks what it missed.
        if (state && state.hello) channel.postMessage({ name: "hello", data: state.hello });
        if (state && state.failed) channel.postMessage({ name: "failed", data: state.failed });
        return;
      }
      handle(name, data || {});
    };
    navigator.locks.request("carepress-events", () => new Promise(() => {
      state = { hello: null, failed: null };
      connect((name, data) => {
        if (name === "hello") state.hello = data;
        if (name === "reload" || name === "css") state.hello = { build: data.build };
        if (name === "failed") state.failed = data;
        if (name === "fixed") state.failed = null;
        channel.postMessage({ name, data });
        handle(name, data);
      });
    }));
    channel.postMessage({ name: "ask" });
  } else {
    connect(handle);
  }
})();
