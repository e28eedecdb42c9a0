import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getCollection } from 'astro:content';
import { ko } from '../i18n/ko.ts';
import { verificationSummary } from '../lib/store/site-recordings.ts';

/** The study group's feed: one item per note, newest week first. */
export async function GET(context: APIContext) {
  const notes = (await getCollection('notes')).sort((a, b) => b.data.week - a.data.week);
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return rss({
    title: ko.siteTitle,
    description: ko.siteTagline,
    site: context.site ?? 'http://127.0.0.1:4321',
    customData: '<language>ko</language>',
    items: notes.map((note) => ({
      title: note.data.title,
      description: note.data.summary,
      link: `${base}/notes/${note.id}/`,
      categories: note.data.tags,
      // When the note's commands last ran for real: what a reader of the feed wants to know.
      ...(verificationSummary(note.id) ? { pubDate: new Date(verificationSummary(note.id)!.recordedAt) } : {}),
    })),
  });
}
