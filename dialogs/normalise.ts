/** Lower case, accents and punctuation gone, single spaces: "Tak!" and "tak" are the same answer. */
export function normalise(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      // Polish ł has no decomposition; phones and hurried customers write l.
      .replace(/ł/g, 'l')
      // Keep combining marks: in Gurmukhi, Bengali and Arabic scripts they are letters' vowels, not decoration.
      .replace(/[^\p{L}\p{M}\p{N}\s]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
