/** Generated at build time by dashboard/world-map-data.js: country outlines as SVG paths. */
declare module 'virtual:world-map' {
  const map: {
    width: number
    height: number
    /** [ISO 3166-1 alpha-2 code, SVG path], by code. */
    countries: Array<[string, string]>
  }
  export default map
}
