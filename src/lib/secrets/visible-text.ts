const NAMED_ENTITIES: Record<string, string> = { quot: '"', apos: "'", amp: '&', lt: '<', gt: '>', nbsp: ' ' };

/**
 * The text of an HTML page as a reader sees it: tags dropped, entities decoded. A tag's own
 * line breaks are kept, so a line number in this text is the line number in the file.
 */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, (tag) => tag.replace(/[^\n]/g, ''))
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
      if (body[0] !== '#') return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    });
}
