import { createMarkdownRenderer } from './markdown';

const ATTACKS = [
  "<script>alert('xss')</script>",
  '<img src="x" onerror="alert(1)">',
  '[klik](javascript:alert(1))',
  '[klik](JAVASCRIPT:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<a href="javascript:alert(2)">jahat</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<svg onload="alert(3)"></svg>',
  '<p style="color:red" onclick="alert(5)">paragraf</p>',
  '"><script>alert(6)</script>',
  '[x](https://ok.example" onmouseover="alert(7))',
  '<scr<script>ipt>alert(8)</script>',
];

/** Every tag the renderer produced: none may run code, load a frame, carry a handler or a style. */
function expectSafe(html: string): void {
  for (const tag of html.match(/<[^>]*>/g) ?? []) {
    expect(tag).not.toMatch(/^<\/?(script|iframe|svg|object|embed|style|form|input|math)\b/i);
    expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tag).not.toMatch(/javascript:|data:|style=/i);
  }
}

describe('Markdown rendering (markdown-it + sanitize-html)', () => {
  const renderer = createMarkdownRenderer();

  it.each(ATTACKS)('never lets %s through', (attack) => {
    expectSafe(renderer.render(`Awal\n\n${attack}\n\nAkhir`));
  });

  it('renders headings, emphasis, lists, code and safe links', () => {
    const html = renderer.render('# Tujuan\n\nTeks **tebal** dan *miring*, `kode`, [panduan](https://mahir.go.id/a?b=1&c=2).\n\n- satu\n- dua\n\n1. a\n2. b');
    expect(html).toMatch(/<h1>Tujuan<\/h1>/);
    expect(html).toContain('<strong>tebal</strong>');
    expect(html).toContain('<em>miring</em>');
    expect(html).toContain('<code>kode</code>');
    expect(html).toMatch(/<a href="https:\/\/mahir\.go\.id\/a\?b=1&amp;c=2"[^>]*>panduan<\/a>/);
    expect(html).toMatch(/<ul>\s*<li>satu<\/li>\s*<li>dua<\/li>\s*<\/ul>/);
    expect(html).toMatch(/<ol>\s*<li>a<\/li>\s*<li>b<\/li>\s*<\/ol>/);
  });
});

describe('raw HTML in Markdown', () => {
  it('keeps allowed tags and drops the rest with their content where it could run', () => {
    const html = createMarkdownRenderer().render('<b>x</b> <u>y</u>');
    expect(html).toContain('<b>x</b>');
    expect(html).not.toContain('<u>');
  });
});
