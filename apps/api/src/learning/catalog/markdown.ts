import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown written by training admins, rendered as HTML that is safe to put in a page:
 * scripts, event handlers, javascript:/data: URLs, iframes, forms and styles never survive.
 */
export interface MarkdownRenderer {
  readonly name: string;
  render(markdown: string): string;
}

export const MARKDOWN_RENDERER = Symbol('MARKDOWN_RENDERER');

const ALLOWED_TAGS = [
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'strong', 'em', 'b', 'i', 's', 'del', 'sub', 'sup', 'blockquote',
  'code', 'pre', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
];

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], th: ['align'], td: ['align'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }) },
};

/**
 * markdown-it (raw HTML allowed in the source) followed by an allow-list sanitiser: the
 * sanitiser, not the parser, keeps scripts out, so Markdown and HTML are held to the same
 * list. Links may only be http(s) or mailto, images only http(s).
 */
export function createMarkdownRenderer(): MarkdownRenderer {
  const md = new MarkdownIt({ html: true, linkify: true, typographer: false });
  return { name: 'markdown-it+sanitize-html', render: (markdown) => sanitizeHtml(md.render(markdown), SANITIZE_OPTIONS) };
}
