// Vision review desk: keyboard navigation, live arrivals, zoom, shortcuts and claim renewal. No framework, no build step.
(() => {
  "use strict";
  const typing = (e) => e.target.closest("input, textarea, select, [contenteditable]") || e.ctrlKey || e.metaKey || e.altKey;
  const token = () => document.querySelector("input[name=__RequestVerificationToken]")?.value;

  // Queue: j/k move the selection, Enter opens it.
  const rows = () => [...document.querySelectorAll("#queue-rows tr[data-href]")];
  let selected = -1;
  const select = (index) => {
    const all = rows();
    if (all.length === 0) return;
    selected = Math.max(0, Math.min(all.length - 1, index));
    all.forEach((row, i) => row.setAttribute("aria-selected", i === selected ? "true" : "false"));
    all[selected].querySelector("a")?.focus();
  };
  document.addEventListener("click", (e) => {
    const row = e.target.closest("#queue-rows tr[data-href]");
    if (row && !e.target.closest("a")) location.href = row.dataset.href;
  });

  // Violation page: c confirms (with a corrected plate if it was changed), r goes to the reject reason, p to the plate.
  const violation = document.querySelector("[data-violation][data-shortcuts=on]");
  document.addEventListener("keydown", (e) => {
    if (typing(e)) return;
    if (document.getElementById("queue-rows")) {
      if (e.key === "j") { select(selected + 1); e.preventDefault(); }
      else if (e.key === "k") { select(selected - 1); e.preventDefault(); }
      else if (e.key === "Enter" && selected >= 0 && !e.target.closest("a, button")) { location.href = rows()[selected].dataset.href; }
    }
    if (violation) {
      if (e.key === "c") { document.getElementById("confirm-form")?.requestSubmit(); e.preventDefault(); }
      else if (e.key === "r") { document.getElementById("reject-reason")?.focus(); e.preventDefault(); }
      else if (e.key === "p") { const plate = document.getElementById("plate-input"); plate?.focus(); plate?.select(); e.preventDefault(); }
    }
  });

  // Queue: new violations arrive over server-sent events; the browser resumes after its last event id on reconnect.
  const live = document.getElementById("live-status");
  if (live && window.EventSource) {
    let arrived = 0;
    const listening = live.textContent;
    let lastId = null;
    let retryDelay = 2000;
    const showArrival = async (e) => {
      lastId = e.lastEventId || lastId;
      const data = JSON.parse(e.data);
      const response = await fetch(live.dataset.rowUrl + encodeURIComponent(data.id), { headers: { "Accept": "text/html" } });
      // Sent to the sign-in page: the session ended. The page itself goes there (its row would be the sign-in form).
      if (response.redirected) { window.location.reload(); return; }
      if (response.status !== 200) return;
      const html = (await response.text()).trim();
      const body = document.getElementById("queue-rows");
      if (!body || body.querySelector(`tr[data-id="${CSS.escape(data.id)}"]`)) return;
      body.insertAdjacentHTML("afterbegin", html);
      body.firstElementChild.classList.add("arrived");
      document.getElementById("queue-empty")?.remove();
      if (selected >= 0) selected++;
      const pending = document.querySelector('[data-count="Pending"]');
      if (pending) pending.textContent = (parseInt(pending.textContent.replace(/\D/g, ""), 10) + 1).toLocaleString(document.documentElement.lang);
      arrived++;
      live.textContent = live.dataset.arrived.replace("{0}", arrived);
      live.className = "live arrived";
    };
    const connect = () => {
      const url = new URL(live.dataset.live, window.location.href);
      if (lastId) url.searchParams.set("after", lastId);
      const source = new EventSource(url);
      source.addEventListener("violation", showArrival);
      source.addEventListener("open", () => {
        retryDelay = 2000;
        if (!live.classList.contains("paused")) return;
        live.textContent = arrived ? live.dataset.arrived.replace("{0}", arrived) : listening;
        live.className = arrived ? "live arrived" : "live";
      });
      source.addEventListener("error", () => {
        live.textContent = live.dataset.paused;
        live.className = "live paused";
        // The browser reconnects by itself only after a dropped stream: a refused reconnection (a server error, a restart
        // behind a proxy answering 502) closes the source for good, and the queue stopped updating while it said
        // "reconnecting". A new source is opened after a growing pause, unless the session ended (then the page signs in).
        if (source.readyState !== EventSource.CLOSED) return;
        setTimeout(async () => {
          try {
            const page = await fetch(window.location.href, { headers: { "Accept": "text/html" }, cache: "no-store" });
            if (page.redirected) { window.location.reload(); return; }
          } catch { /* the service is still away: try the stream again */ }
          connect();
        }, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 60000);
      });
    };
    connect();
  }

  // Zoom: key frames and overview open in a dialog with zoom steps; the plate crop zooms in place.
  const dialog = document.getElementById("zoom-dialog");
  let scale = 1;
  const zoomImage = document.getElementById("zoom-image");
  const applyScale = () => { if (zoomImage.naturalWidth) zoomImage.style.width = `${zoomImage.naturalWidth * scale}px`; };
  document.addEventListener("click", (e) => {
    const opener = e.target.closest("[data-zoom]");
    if (opener && dialog) {
      scale = 1; zoomImage.src = opener.dataset.zoom; zoomImage.alt = opener.getAttribute("aria-label") || "";
      zoomImage.onload = applyScale; dialog.showModal(); return;
    }
    const step = e.target.closest("[data-zoom-step]");
    if (step) { scale = Math.min(8, Math.max(0.25, scale * parseFloat(step.dataset.zoomStep))); applyScale(); return; }
    if (e.target.closest("[data-zoom-close]")) { dialog.close(); return; }
    const plateZoom = e.target.closest("#plate-zoom");
    if (plateZoom) {
      const image = document.getElementById(plateZoom.dataset.target);
      const zoomed = image.classList.toggle("zoomed");
      plateZoom.setAttribute("aria-pressed", zoomed ? "true" : "false");
    }
  });

  // Violation page: keep this officer's claim alive while the page is open (three renewals a claim's life); once another
  // officer has taken it over, say so and stop renewing.
  const claim = document.querySelector("#claim-notice[data-renew]");
  if (claim && token()) {
    const renewing = setInterval(async () => {
      let state;
      try {
        const response = await fetch(claim.dataset.renew, { method: "POST", headers: { "RequestVerificationToken": token() } });
        if (!response.ok || !(response.headers.get("Content-Type") || "").includes("json")) return;
        state = await response.json();
      } catch {
        return; // offline for a moment: the next renewal tries again
      }
      if (state.mine === false) {
        clearInterval(renewing);
        claim.textContent = claim.dataset.taken.replace("{0}", state.officer);
        claim.className = "notice warn";
      }
    }, Number(claim.dataset.renewEvery) || 60000);
  }
})();
