// The upload form: while the issue is sent and indexed, the button is disabled and a status
// says so (the result page replaces this one when indexing ends).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("upload-form");
  if (!form) return;
  form.addEventListener("submit", () => {
    const button = document.getElementById("upload-button");
    button.disabled = true;
    button.textContent = "正在索引…";
    document.getElementById("upload-status").hidden = false;
  });
});
