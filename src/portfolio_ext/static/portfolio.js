/* portfolio_ext: the lists' BibTeX disclosures, copy buttons on BibTeX blocks, the
   publications filter, and search snippets without screen-reader text. The disclosures are in <template>s, the others in the HTML with
   the `hidden` attribute: a reader without JavaScript sees the paper pages' BibTeX text
   and the full static lists. */
(() => {
  "use strict";

  async function copyText(text, block) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      // no clipboard API (plain http, old browser): select the text for Ctrl+C
      const range = document.createRange();
      range.selectNodeContents(block);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return false;
    }
  }

  function setUpCopy(button) {
    const holder = document.getElementById(button.dataset.copy);
    const block = holder && (holder.querySelector("pre") || holder);
    if (!block) return;
    const status = document.createElement("span");
    status.className = "portfolio-copy-status";
    status.setAttribute("role", "status");
    button.after(status);
    button.hidden = false;
    button.addEventListener("click", async () => {
      const copied = await copyText(block.textContent, block);
      // translated texts come in data attributes (templates/portfolio/bibtex.html)
      status.textContent = copied
        ? button.dataset.copied || "Copied."
        : button.dataset.selected || "Selected: press Ctrl+C (⌘C) to copy.";
      setTimeout(() => { status.textContent = ""; }, 4000);
    });
  }

  // -- filter ----------------------------------------------------------------

  const FIELDS = ["q", "topic", "year", "type", "venue", "role"];

  function describe(item) {
    const facts = { key: "", topics: [], year: "", type: "", venue: "", roles: [] };
    for (const name of item.classList) {
      let m;
      if ((m = name.match(/^portfolio-key-(.+)$/))) facts.key = m[1];
      else if ((m = name.match(/^portfolio-topic-(.+)$/))) facts.topics.push(m[1]);
      else if ((m = name.match(/^portfolio-year-(\d+)$/))) facts.year = m[1];
      else if ((m = name.match(/^portfolio-type-(.+)$/))) facts.type = m[1];
      else if ((m = name.match(/^portfolio-venue-(.+)$/))) facts.venue = m[1];
      else if ((m = name.match(/^portfolio-owner-(.+)$/))) facts.roles.push(m[1]);
    }
    // the citation only: not the BibTeX disclosure or its button under it
    const citation = item.querySelector(":scope > p") || item;
    facts.text = citation.textContent.toLowerCase().replace(/\s+/g, " ");
    return facts;
  }

  function matches(facts, wanted) {
    if (wanted.topic && !facts.topics.includes(wanted.topic)) return false;
    if (wanted.year && facts.year !== wanted.year) return false;
    // a type choice may stand for several types with one label ("misc,unpublished")
    if (wanted.type && !wanted.type.split(",").includes(facts.type)) return false;
    if (wanted.venue && facts.venue !== wanted.venue) return false;
    if (wanted.role && !facts.roles.includes(wanted.role)) return false;
    const words = (wanted.q || "").toLowerCase().split(/\s+/).filter(Boolean);
    return words.every((word) => facts.text.includes(word));
  }

  function setUpFilter(form) {
    const items = [...document.querySelectorAll("li.portfolio-entry")].map((item) => ({
      item, facts: describe(item),
    }));
    const total = new Set(items.map(({ facts }) => facts.key)).size;
    const count = form.querySelector(".portfolio-filter-count");
    // sections that hold entries (groups, page sections), but not the form's own
    const sections = [...document.querySelectorAll("section")].filter(
      (section) => section.querySelector("li.portfolio-entry") && !section.contains(form),
    );
    // each section's links in the page's table of contents ("On this page", outside
    // the page's text): hidden with the section
    const tocLinks = new Map(sections.map((section) => [section, section.id
      ? [...document.querySelectorAll(`a[href="#${CSS.escape(section.id)}"]`)]
        .filter((a) => !a.closest('[role="main"], article')).map((a) => a.closest("li") || a)
      : []]));
    // no match: a way back next to the count, whatever the form keeps behind a
    // disclosure (the label is the form's own reset button's, translated already)
    const reset = form.querySelector("button[type=reset]");
    const showAll = document.createElement("button");
    showAll.type = "button";
    showAll.className = "portfolio-filter-show-all";
    showAll.textContent = reset ? reset.textContent : "Show all";
    showAll.hidden = true;
    showAll.addEventListener("click", () => { form.reset(); });
    count.after(showAll);
    const counts = [...document.querySelectorAll("section.portfolio-group")].map((section) => ({
      span: section.querySelector(".portfolio-count"),
      list: section,
    })).filter(({ span }) => span);

    function wanted() {
      const values = {};
      for (const name of FIELDS) {
        const field = form.elements.namedItem(name);
        values[name] = field ? field.value.trim() : "";
      }
      return values;
    }

    // a chart counts every publication of the page: hidden, with its note, while a
    // filter selects (sphinx_ext/chart.py writes the note)
    const charts = [...document.querySelectorAll(".portfolio-chart")].map((chart) => ({
      chart, note: chart.querySelector(".portfolio-chart-filtered"),
    })).filter(({ note }) => note);

    function apply(updateUrl) {
      const values = wanted();
      const active = FIELDS.some((name) => values[name]);
      for (const { chart, note } of charts) {
        for (const child of chart.children) {
          // style, not `hidden`: the SVG has no such property
          if (child !== note) child.style.display = active ? "none" : "";
        }
        note.hidden = !active;
      }
      const shown = new Set();
      for (const { item, facts } of items) {
        const ok = matches(facts, values);
        item.hidden = !ok;
        if (ok) shown.add(facts.key);
      }
      for (const section of sections) {
        section.hidden = !section.querySelector("li.portfolio-entry:not([hidden])");
        for (const link of tocLinks.get(section)) link.hidden = section.hidden;
      }
      showAll.hidden = shown.size > 0;
      for (const { span, list } of counts) {
        span.textContent = ` (${list.querySelectorAll("li.portfolio-entry:not([hidden])").length})`;
      }
      // translated texts come in data attributes (templates/portfolio/filter.html)
      const text = shown.size === total
        ? form.dataset.count || "%(shown)s of %(total)s publications"
        : form.dataset.countMatch || "%(shown)s of %(total)s publications match";
      count.textContent = text.replace("%(shown)s", shown.size).replace("%(total)s", total);
      if (updateUrl) {
        const url = new URL(window.location.href);
        for (const name of FIELDS) {
          if (values[name]) url.searchParams.set(name, values[name]);
          else url.searchParams.delete(name);
        }
        window.history.replaceState(null, "", url.href);
      }
    }

    // the state comes from the URL, so a filtered list can be shared as a link
    const params = new URLSearchParams(window.location.search);
    for (const name of FIELDS) {
      const field = form.elements.namedItem(name);
      const value = params.get(name);
      if (field && value !== null) {
        if (field.tagName === "SELECT" && ![...field.options].some((o) => o.value === value)) continue;
        field.value = value;
      }
    }
    form.addEventListener("input", () => apply(true));
    form.addEventListener("change", () => apply(true));
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("reset", () => setTimeout(() => apply(true), 0));
    form.hidden = false;
    apply(false);
  }

  // Search result snippets (Sphinx's searchtools.js, which runs before this deferred
  // script) are a page's text: leave out the words there for screen readers only, so
  // that "Xu* (corresponding author)" reads "Xu*" as on the page.
  if (typeof Search !== "undefined" && typeof Search.htmlToText === "function") {
    const pageText = Search.htmlToText;
    Search.htmlToText = (htmlString, anchor) => {
      const page = new DOMParser().parseFromString(htmlString, "text/html");
      page.querySelectorAll(".portfolio-sr-only").forEach((element) => element.remove());
      return pageText(page.documentElement.outerHTML, anchor);
    };
  }

  document.addEventListener("DOMContentLoaded", () => {
    // the lists' BibTeX disclosures (templates/portfolio/bibtex-toggle.html)
    document.querySelectorAll("template.portfolio-bibtex-later").forEach((template) => {
      template.replaceWith(template.content.cloneNode(true));
    });
    document.querySelectorAll("button.portfolio-copy[data-copy]").forEach(setUpCopy);
    document.querySelectorAll("form.portfolio-filter").forEach(setUpFilter);
  });
})();
