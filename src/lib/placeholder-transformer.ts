import type { ShikiTransformer } from 'shiki';

/**
 * Marks normaliser placeholders (⟨id⟩, ⟨ip⟩ …) in recorded output so a reader sees at a
 * glance which parts were masked; the text itself stays exactly the recorded one.
 */
export const placeholderTransformer: ShikiTransformer = {
  name: 'kubia-notes:placeholders',
  span(node) {
    const child = node.children[0];
    if (node.children.length === 1 && child?.type === 'text' && /⟨[^⟩\n]+⟩/.test(child.value)) {
      const parts = child.value.split(/(⟨[^⟩\n]+⟩)/).filter(Boolean);
      node.children = parts.map((part) =>
        part.startsWith('⟨') ? { type: 'element', tagName: 'mark', properties: { className: ['placeholder'] }, children: [{ type: 'text', value: part }] } : { type: 'text', value: part },
      );
    }
  },
};
