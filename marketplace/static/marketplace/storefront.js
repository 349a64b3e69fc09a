// Storefront controls: the sort applies as soon as it is chosen (the Apply button stays for
// browsers without scripts); the filter panel starts open where there is room beside the results.
(function () {
  var sort = document.getElementById("mp-sort");
  if (sort && sort.form) {
    var apply = sort.form.querySelector(".mp-sort-apply");
    if (apply) apply.hidden = true;
    sort.addEventListener("change", function () { sort.form.submit(); });
  }
  var filters = document.getElementById("mp-filters");
  if (filters && window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
    filters.open = true;
  }
})();
