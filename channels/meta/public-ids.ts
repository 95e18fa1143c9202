/**
 * What a public item's provider message id says: which surface, comment or visitor post,
 * and the Graph id to answer. Stored as the message's provider id on channel 'facebook'
 * (every public surface: Page feed and Instagram comments), so the reply path needs no
 * per-message channel data and a redelivered webhook is still de-duplicated.
 */
export interface PublicItem {
  surface: 'page' | 'instagram';
  kind: 'comment' | 'post';
  /** The comment id (or, for a visitor post, the post id) as Graph gives it. */
  id: string;
}

const prefixes = { page: 'fb', instagram: 'ig' } as const;

export function encodePublicItem(item: PublicItem): string {
  return `${prefixes[item.surface]}:${item.kind}:${item.id}`;
}

export function decodePublicItem(providerMessageId: string | null): PublicItem | undefined {
  const match = /^(fb|ig):(comment|post):([\w.-]{1,150})$/.exec(providerMessageId ?? '');
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return {
    surface: match[1] === 'ig' ? 'instagram' : 'page',
    kind: match[2] === 'post' ? 'post' : 'comment',
    id: match[3],
  };
}

/**
 * A Page comment id is `{post object id}_{comment id}` and the post's own id is
 * `{page id}_{post object id}`, so the post can be named without another Graph call.
 */
export function postIdOf(item: PublicItem, pageId: string): string | undefined {
  if (item.kind === 'post') return item.id;
  if (item.surface !== 'page') return undefined;
  const object = item.id.split('_')[0];
  return object ? `${pageId}_${object}` : undefined;
}
