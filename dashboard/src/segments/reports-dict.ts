// Words of the segment reports, German and English.

export const reportsDict = {
  en: {
    title: 'How each segment behaves',
    period: 'Period',
    goal: 'Goal',
    noGoal: 'No goal',
    floor:
      'A segment with fewer than {k} visitors in the period is not shown on its own, so no row describes a handful of people.',
    compare: 'Compare',
    compareOne: 'Compare {name}',
    segment: 'Segment',
    fewer: 'fewer than {k}',
    mergedRow: 'Segments with fewer than {k} visitors, together',
    trends: 'Visitors per day',
    pages: 'Top pages',
    sources: 'Top sources',
  },
  de: {
    title: 'Wie sich die Segmente verhalten',
    period: 'Zeitraum',
    goal: 'Ziel',
    noGoal: 'Kein Ziel',
    floor:
      'Ein Segment mit weniger als {k} Besuchern im Zeitraum wird nicht einzeln gezeigt, damit keine Zeile eine Handvoll Menschen beschreibt.',
    compare: 'Vergleichen',
    compareOne: '{name} vergleichen',
    segment: 'Segment',
    fewer: 'weniger als {k}',
    mergedRow: 'Segmente mit weniger als {k} Besuchern, zusammen',
    trends: 'Besucher pro Tag',
    pages: 'Top-Seiten',
    sources: 'Top-Quellen',
  },
}
