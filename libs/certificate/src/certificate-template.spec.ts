import { analyzeTemplate, assetTypeOf, renderCertificateTemplate, sampleCertificateView } from './certificate-template';

const rulesOf = (html: string, css = '') => analyzeTemplate(html, css).issues.map((i) => `${i.part}:${i.line}:${i.rule}`);

describe('certificate templates', () => {
  it('accepts a template with the safe helpers and collects its assets', () => {
    const analysis = analyzeTemplate(
      '<img src="{{asset "logo"}}">\n<p>{{holderName}} {{date issuedAt}} {{jp jpMinutes}} {{num jpMinutes}}</p>{{qr}}\n{{#each competencies}}{{name}}{{/each}}',
      '@font-face { font-family: X; src: url({{asset "font.woff2"}}); }',
    );
    expect(analysis).toEqual({ issues: [], assets: ['font.woff2', 'logo'] });
  });

  it('names the line of scripts, handlers, script and remote URLs, raw output and unknown helpers', () => {
    expect(rulesOf('<p>a</p>\n<script>alert(1)</script>')).toEqual(['html:2:template.script']);
    expect(rulesOf('<img src="x" onerror="x()">')).toEqual(['html:1:template.eventHandler']);
    expect(rulesOf('\n\n<a href="javascript:alert(1)">x</a>')).toEqual(['html:3:template.javascriptUrl']);
    expect(rulesOf('<img src="https://evil.example/x.png">')).toEqual(['html:1:template.remoteUrl']);
    expect(rulesOf('<img src="//evil.example/x.png">')).toEqual(['html:1:template.remoteUrl']);
    expect(rulesOf('<p></p>', 'body {}\n@import "x.css";')).toEqual(['css:2:template.remoteUrl']);
    expect(rulesOf('<p></p>', 'body { background: url(http://x/y.png) }')).toEqual(['css:1:template.remoteUrl']);
    expect(rulesOf('<p></p>', 'p{}</style><p>')).toEqual(['css:1:template.forbiddenElement']);
    expect(rulesOf('<iframe></iframe>')).toEqual(['html:1:template.forbiddenElement']);
    expect(rulesOf('{{{holderName}}}')).toEqual(['html:1:template.unescaped']);
    expect(rulesOf('<p>\n{{lookup this "constructor"}}</p>')).toEqual(['html:2:template.unknownHelper']);
    expect(rulesOf('{{#with holderName}}x{{/with}}')).toEqual(['html:1:template.unknownHelper']);
    expect(rulesOf('{{> other}}')).toEqual(['html:1:template.partial']);
    expect(rulesOf('{{asset holderName}}')).toEqual(['html:1:template.assetName']);
  });

  it('reports a template that does not compile with its line', () => {
    expect(rulesOf('<p>\n{{#if holderName}}\n<b>')).toEqual(['html:3:template.syntax']);
  });

  it('renders with inlined assets, escaped values and the page orientation', () => {
    const view = { ...sampleCertificateView('Badan <X>', 'WIB', 'data:image/png;base64,AAAA'), holderName: '<img src=x onerror=alert(1)>' };
    const html = renderCertificateTemplate(
      { html: '<img src="{{asset "logo"}}"><p>{{holderName}}</p><p>{{jp jpMinutes}} JP</p>{{qr}}', css: 'p { color: red }', orientation: 'portrait' },
      view,
      new Map([['logo', { contentType: 'image/png', bytes: Buffer.from([1, 2, 3]) }]]),
    );
    expect(html).toContain('size: A4 portrait');
    expect(html).toContain('src="data:image/png;base64,AQID"');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('<p>20 JP</p>');
    expect(html).toContain('<img class="qr" src="data:image/png;base64,AAAA"');
    expect(() => renderCertificateTemplate({ html: '{{asset "missing"}}', css: '', orientation: 'landscape' }, view, new Map())).toThrow('unknown asset "missing"');
  });

  it('recognises PNG, JPEG, WOFF2 and TTF by their bytes, never SVG', () => {
    expect(assetTypeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.contentType).toBe('image/png');
    expect(assetTypeOf(Buffer.from('wOF2\x00\x01', 'latin1'))?.contentType).toBe('font/woff2');
    expect(assetTypeOf(Buffer.from([0, 1, 0, 0, 0, 9]))?.contentType).toBe('font/ttf');
    expect(assetTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'))).toBeNull();
  });
});
