/// The report's inline style sheet: system fonts only (no web fonts, no network), a readable
/// measure and type scale for a laptop screen, and charts that shrink to the window.
enum ReportStyle {
    static let css = """
        :root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --bg: #ffffff; --panel: #f6f8fa; --accent: #0072B2; }
        * { box-sizing: border-box; }
        html { font-size: 16px; }
        body { margin: 0 auto; max-width: 1240px; padding: 28px 32px 48px; color: var(--ink); background: var(--bg);
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
          line-height: 1.5; -webkit-font-smoothing: antialiased; }
        h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 4px; letter-spacing: -0.01em; }
        h2 { font-size: 1.3rem; margin: 40px 0 4px; padding-top: 8px; border-top: 1px solid var(--line); }
        .subtitle { color: var(--muted); margin: 0 0 20px; }
        .subtitle b { color: var(--ink); font-weight: 600; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(148px, 1fr)); gap: 12px; margin: 0 0 12px; }
        .card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
        .card .k { font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
        .card .v { font-size: 1.45rem; font-weight: 650; font-variant-numeric: tabular-nums; line-height: 1.3; }
        .card .s { font-size: 0.85rem; color: var(--muted); }
        .card.bad .v { color: #B34700; }
        nav { position: sticky; top: 0; z-index: 1; background: rgba(255,255,255,0.96);
          padding: 8px 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 0.92rem; }
        nav a { color: var(--accent); text-decoration: none; }
        nav a:hover { text-decoration: underline; }
        .lede { color: var(--muted); margin: 0 0 12px; max-width: 80ch; }
        figure { margin: 0; scroll-margin-top: 48px; }
        @media print { nav { display: none; } h2 { break-after: avoid; } figure { break-inside: avoid; } }
        figure svg:not(.swatch) { display: block; max-width: 100%; height: auto; }
        figcaption { font-size: 0.85rem; color: var(--muted); margin-top: 8px; max-width: 90ch; }
        svg text { font-family: inherit; font-size: 12px; }
        svg text:not([fill]) { fill: var(--ink); }
        svg text.dim:not([fill]), .dim { color: var(--muted); fill: var(--muted); }
        svg text.small { font-size: 10.5px; }
        svg text.strong { font-weight: 650; }
        svg text.head { font-size: 13px; font-weight: 650; }
        svg.defs { position: absolute; }
        .legend { list-style: none; padding: 0; margin: 10px 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 0.9rem; }
        .legend li { display: flex; align-items: center; gap: 6px; }
        .placeholder { border: 1px dashed var(--line); border-radius: 8px; padding: 22px; color: var(--muted); background: var(--panel); }
        .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 14px 18px; }
        .multiples > div { min-width: 0; }
        table.data { border-collapse: collapse; font-size: 0.88rem; margin-top: 12px; width: 100%; font-variant-numeric: tabular-nums; }
        table.data th, table.data td { text-align: left; padding: 5px 10px 5px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
        table.data th { font-weight: 600; color: var(--muted); }
        table.data td.num, table.data th.num { text-align: right; }
        code { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
        footer { margin-top: 48px; padding-top: 12px; border-top: 1px solid var(--line); font-size: 0.82rem; color: var(--muted); }

        """
}
