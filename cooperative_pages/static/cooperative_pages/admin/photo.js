// Product photo in the form itself (cooperative_pages.widgets.PhotoUploadWidget): the phone's
// camera or gallery, scaled down in the browser, uploaded with a progress bar to Wagtail's
// multiple-upload view; the new image's id goes into the hidden field of the gallery row.
(() => {
  const JPEG_QUALITY = 0.85;

  function csrfToken(form) {
    const input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    const config = document.getElementById("wagtail-config");
    return config ? JSON.parse(config.textContent).CSRF_TOKEN : "";
  }

  async function decode(file) {
    if (window.createImageBitmap) {
      try {
        return await createImageBitmap(file, { imageOrientation: "from-image" });
      } catch (error) {
        // fall through to an <img>
      }
    }
    const url = URL.createObjectURL(file);
    try {
      const image = new Image();
      image.src = url;
      await image.decode();
      return image;
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  // The photo as a JPEG whose long edge is at most `longEdge`; the file itself when the
  // browser cannot decode or re-encode it (the server then checks it as it is).
  async function scaled(file, longEdge) {
    try {
      const source = await decode(file);
      const width = source.width || source.naturalWidth;
      const height = source.height || source.naturalHeight;
      const ratio = Math.min(1, longEdge / Math.max(width, height));
      if (ratio === 1 && file.type === "image/jpeg") return file;
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.getContext("2d").drawImage(source, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", JPEG_QUALITY));
      if (!blob) return file;
      const name = (file.name || "foto").replace(/\.[^.]*$/, "") + ".jpg";
      return new File([blob], name, { type: "image/jpeg" });
    } catch (error) {
      return file;
    }
  }

  function upload(box, file, title) {
    return new Promise((resolve, reject) => {
      const data = new FormData();
      data.append("files[]", file, file.name);
      data.append("title", title);
      if (box.dataset.collection) data.append("collection", box.dataset.collection);
      const request = new XMLHttpRequest();
      request.open("POST", box.dataset.uploadUrl);
      request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      request.setRequestHeader("X-CSRFToken", csrfToken(box.closest("form")));
      const progress = box.querySelector("progress");
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) progress.value = Math.round((100 * event.loaded) / event.total);
      });
      request.addEventListener("load", () => {
        let answer = null;
        try {
          answer = JSON.parse(request.responseText);
        } catch (error) {
          reject(new Error(box.dataset.textSession));
          return;
        }
        if (answer.success && answer.image_id) resolve(answer.image_id);
        else reject(new Error(answer.error_message || box.dataset.textOffline));
      });
      request.addEventListener("error", () => reject(new Error(box.dataset.textOffline)));
      request.send(data);
    });
  }

  function showPhoto(box, url) {
    const preview = box.querySelector(".kmp-photo__preview");
    preview.src = url;
    preview.hidden = false;
    box.querySelector(".kmp-photo__empty").hidden = true;
  }

  function keep(box, imageId, url) {
    const hidden = box.querySelector("input[type=hidden]");
    hidden.value = imageId;
    hidden.dispatchEvent(new Event("change", { bubbles: true }));
    showPhoto(box, url);
    box.querySelector("[data-kmp-photo-label]").textContent = box.dataset.textChange;
    box.classList.add("kmp-photo--done");
  }

  // The panel's starting photo button: add the first row through Wagtail's inline panel
  // and keep the photo there.
  function keepInNewRow(start, imageId, url, status) {
    const prefix = start.dataset.kmpPhotoStart;
    document.getElementById(`${prefix}-ADD`).click();
    const rows = document.querySelectorAll(`#${prefix}-FORMS [data-kmp-photo]`);
    const row = rows[rows.length - 1];
    keep(row, imageId, url);
    row.querySelector("[data-kmp-photo-status]").textContent = status;
    start.hidden = true;
    if (start.nextElementSibling) start.nextElementSibling.hidden = false;
  }

  async function choose(input) {
    const box = input.closest("[data-kmp-photo]");
    const file = input.files && input.files[0];
    if (!box || !file) return;
    const status = box.querySelector("[data-kmp-photo-status]");
    const progress = box.querySelector("progress");
    box.classList.remove("kmp-photo--error", "kmp-photo--done");
    status.textContent = box.dataset.textScaling;
    const photo = await scaled(file, Number(box.dataset.longEdge));
    if (photo.size > Number(box.dataset.maxSize)) {
      box.classList.add("kmp-photo--error");
      status.textContent = box.dataset.textTooBig;
      input.value = "";
      return;
    }
    const url = URL.createObjectURL(photo);
    showPhoto(box, url);
    progress.value = 0;
    progress.hidden = false;
    status.textContent = box.dataset.textUploading;
    const name = document.getElementById("id_title");
    try {
      const imageId = await upload(box, photo, (name && name.value.trim()) || file.name);
      const start = box.closest("[data-kmp-photo-start]");
      if (start) keepInNewRow(start, imageId, url, box.dataset.textDone);
      else keep(box, imageId, url);
      status.textContent = box.dataset.textDone;
    } catch (error) {
      box.classList.add("kmp-photo--error");
      status.textContent = error.message;
    } finally {
      progress.hidden = true;
      input.value = "";
    }
  }

  document.addEventListener("change", (event) => {
    if (event.target.matches("[data-kmp-photo-file]")) choose(event.target);
  });
})();
