// The page editor on a phone and a weak connection (cooperative_pages.wagtail_hooks.editor_js):
// 1. Sending waits for an autosave in flight, and no autosave starts once the form is sent,
//    so a new page is never created twice (autosave and "Kirim ke pendamping" racing).
// 2. A local copy of what was typed, offered back on the next visit when sending did not
//    succeed (connection dropped, signed out), and dropped once the server has it.
// 3. On a new page, ?kind=rat (any select of the form) picks that option.
(() => {
  const PENDING = "kmp-draft-pending";
  const SKIP = /^(csrfmiddlewaretoken|next|loaded_revision_id|loaded_revision_created_at|overwrite_revision_id|action-.*)$/;
  const text = JSON.parse(document.getElementById("kmp-editor-text")?.textContent || "{}");

  function storageKey(form) {
    return `kmp-draft:${new URL(form.action, window.location.href).pathname}`;
  }

  function snapshot(form) {
    const entries = [];
    for (const [name, value] of new FormData(form)) {
      if (!SKIP.test(name) && typeof value === "string") entries.push([name, value]);
    }
    return entries;
  }

  function guardSubmit(form) {
    let inFlight = null;
    document.addEventListener("w-autosave:save", (event) => {
      if (!event.defaultPrevented) inFlight = inFlight || new Promise((resolve) => { form.kmpSettle = resolve; });
    });
    const settle = () => { if (form.kmpSettle) form.kmpSettle(); inFlight = null; };
    document.addEventListener("w-autosave:success", settle);
    document.addEventListener("w-autosave:error", settle);
    form.addEventListener("submit", (event) => {
      form.setAttribute("data-w-autosave-active-value", "false");
      window.sessionStorage.setItem(PENDING, storageKey(form));
      if (inFlight) {
        event.preventDefault();
        event.stopImmediatePropagation();
        const submitter = event.submitter && event.submitter.form === form ? event.submitter : undefined;
        inFlight.then(() => {
          if (submitter) submitter.disabled = false;
          form.requestSubmit(submitter);
        });
      }
    }, true);
  }

  function restore(form, entries) {
    const values = new Map();
    for (const [name, value] of entries) values.set(name, [...(values.get(name) || []), value]);
    // Rows of inline panels (the product's photos) first, through the panel's own "add" button.
    for (const [name, [total]] of values) {
      const match = name.match(/^(.*)-TOTAL_FORMS$/);
      const add = match && document.getElementById(`id_${match[1]}-ADD`);
      const current = form.elements.namedItem(name);
      while (add && current && Number(current.value) < Number(total)) add.click();
    }
    for (const [name, list] of values) {
      const field = form.elements.namedItem(name);
      if (!field || /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name)) continue;
      const elements = field instanceof RadioNodeList ? [...field] : [field];
      for (const element of elements) {
        if (element.type === "checkbox" || element.type === "radio") element.checked = list.includes(element.value);
        else if (element.type !== "file") element.value = list[0];
        element.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    for (const box of form.querySelectorAll("[data-kmp-photo]")) {
      const hidden = box.querySelector("input[type=hidden]");
      const status = box.querySelector("[data-kmp-photo-status]");
      if (hidden && hidden.value && status && !box.querySelector(".kmp-photo__preview:not([hidden])")) {
        status.textContent = text.photoKept || "";
      }
    }
  }

  function offer(form) {
    const key = storageKey(form);
    const saved = JSON.parse(window.localStorage.getItem(key) || "null");
    if (!saved || JSON.stringify(saved.entries) === JSON.stringify(snapshot(form))) return;
    const banner = document.createElement("div");
    banner.className = "help-block help-warning kmp-draft-offer";
    banner.setAttribute("role", "alert");
    const when = new Date(saved.at).toLocaleString(document.documentElement.lang || undefined);
    banner.innerHTML = "<p></p><button type='button' class='button button-small'></button> "
      + "<button type='button' class='button button-small button-secondary'></button>";
    banner.querySelector("p").textContent = (text.offer || "").replace("%(time)s", when);
    const [restoreButton, dropButton] = banner.querySelectorAll("button");
    restoreButton.textContent = text.restore || "";
    dropButton.textContent = text.discard || "";
    restoreButton.addEventListener("click", () => { restore(form, saved.entries); banner.remove(); });
    dropButton.addEventListener("click", () => { window.localStorage.removeItem(key); banner.remove(); });
    form.prepend(banner);
  }

  function keepLocally(form) {
    let timer = null;
    const save = () => {
      window.localStorage.setItem(storageKey(form), JSON.stringify({ at: Date.now(), entries: snapshot(form) }));
    };
    const later = () => { clearTimeout(timer); timer = setTimeout(save, 400); };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    document.addEventListener("w-autosave:success", () => window.localStorage.removeItem(storageKey(form)));
  }

  function prefillFromQuery(form) {
    if (!/\/add\//.test(window.location.pathname)) return;
    for (const [name, value] of new URLSearchParams(window.location.search)) {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLSelectElement && !field.value && [...field.options].some((o) => o.value === value)) {
        field.value = value;
      }
    }
  }

  // After a send: a success message means the server has it; anything else keeps the copy.
  function settlePending() {
    const key = window.sessionStorage.getItem(PENDING);
    if (!key) return;
    window.sessionStorage.removeItem(PENDING);
    if (document.querySelector(".messages .success, [data-w-messages] .success")) window.localStorage.removeItem(key);
  }

  document.addEventListener("DOMContentLoaded", () => {
    settlePending();
    const form = document.querySelector("form[data-edit-form]");
    if (!form) return;
    prefillFromQuery(form);
    guardSubmit(form);
    offer(form);
    keepLocally(form);
  });
})();
