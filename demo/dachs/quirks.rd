<?xml version="1.0" encoding="utf-8"?>
<!-- What real TAP services do to their clients, on purpose, for the tests of jupyterlab-rsp-api:
  column names that are delimited identifiers (ADQL reserved words and mixed case, which DaCHS
  publishes with their quotes: "size"), a reserved word published bare, text with characters
  outside Unicode's BMP, 64-bit ids above 2**53, and a schema of a few hundred small tables.
  Installed by demo/setup.sh as /var/gavo/inputs/demo/quirks.rd (RD id demo/quirks); the rows
  come from demo/generate_data.py (data/oddities.csv, data/fields.csv). -->
<resource schema="quirks" resdir="demo">
  <meta name="title">Names and values as real services publish them (jupyterlab-rsp-api demo)</meta>
  <meta name="description">
    Synthetic tables that carry what real TAP services publish: delimited column names (reserved
    words, mixed case), a reserved word as a regular name, emoji in text, ids beyond 2**53, and
    300 small field tables. For the development and tests of jupyterlab-rsp-api; no real data.
  </meta>
  <meta name="creationDate">2026-11-24T00:00:00Z</meta>
  <meta name="subject">catalogs</meta>
  <meta name="creator">jupyterlab-rsp-api developers</meta>

  <!-- ===================================================================== oddities -->
  <table id="oddities" onDisk="True" adql="True" primary="id">
    <meta name="description">
      One row per odd thing a client must survive. Column names: "size", "distance", "select",
      "MixedCase" and "Mixed Case" are delimited identifiers (DaCHS publishes them with their
      quotes); value is an ADQL reserved word published as a regular name. label holds emoji
      (outside the BMP) in every tenth row, from the first row on.
    </meta>
    <column name="id" type="bigint" required="True" ucd="meta.id;meta.main" tablehead="id"
      description="Identifier, above 2**53 (odd values there have no exact double)."/>
    <column name="ra" type="double precision" unit="deg" ucd="pos.eq.ra;meta.main"
      tablehead="ra" description="Right ascension (ICRS)."/>
    <column name="dec" type="double precision" unit="deg" ucd="pos.eq.dec;meta.main"
      tablehead="dec" description="Declination (ICRS)."/>
    <column name="quoted/size" type="real" unit="arcsec" ucd="phys.angSize"
      tablehead="size" description="Angular size: a column named by a reserved word, delimited."/>
    <column name="quoted/distance" type="double precision" unit="pc" ucd="pos.distance"
      tablehead="distance" description="Distance: named by an ADQL function, delimited."/>
    <column name="quoted/select" type="integer" required="True" ucd="meta.code"
      tablehead="select" description="Selection flag: named by the word that starts a query, delimited."/>
    <column name="quoted/MixedCase" type="real" ucd="phot.mag"
      tablehead="MixedCase" description="A regular name made case-sensitive by its quotes."/>
    <column name="quoted/Mixed Case" type="text" ucd="meta.note"
      tablehead="Mixed Case" description="A name with a space and capitals: only usable quoted."/>
    <column name="value" type="double precision" ucd="meta.number"
      tablehead="value" description="VALUE is an ADQL reserved word; DaCHS publishes this name bare."/>
    <!-- unicode, not text: DaCHS writes text as char and replaces every non-ASCII character
      with "?", in every format; unicode becomes unicodeChar, where BINARY and BINARY2 carry
      lengths that DaCHS 2.7 counts in code points rather than UTF-16 units. -->
    <column name="label" type="unicode" ucd="meta.id"
      tablehead="label" description="A name for people; every tenth one has emoji (outside the BMP)."/>
    <column name="label_ascii" type="text" ucd="meta.id"
      tablehead="label_ascii" description="The same labels in a text column: DaCHS writes them as char, non-ASCII characters as ?."/>
  </table>

  <!-- ===================================================================== fields -->
  <!-- 300 small tables (services such as VizieR's or CADC's list thousands): a tree, a
    completion list and TAP_SCHEMA that are more than a page long. -->
  <LOOP>
    <codeItems>
      for index in range(300):
        yield {"field": "%03d" % index}
    </codeItems>
    <events>
      <table id="field_\field" onDisk="True" adql="True" primary="id">
        <meta name="description">Objects of survey field \field (five rows).</meta>
        <column name="id" type="bigint" required="True" ucd="meta.id;meta.main"
          tablehead="id" description="Identifier of the object."/>
        <column name="ra" type="double precision" unit="deg" ucd="pos.eq.ra;meta.main"
          tablehead="ra" description="Right ascension (ICRS)."/>
        <column name="dec" type="double precision" unit="deg" ucd="pos.eq.dec;meta.main"
          tablehead="dec" description="Declination (ICRS)."/>
        <column name="mag" type="real" unit="mag" ucd="phot.mag"
          tablehead="mag" description="Magnitude."/>
      </table>
    </events>
  </LOOP>

  <data id="import">
    <make table="oddities">
      <script type="preIndex" lang="python" name="fill oddities">
        quirks, _ = utils.loadPythonModule(table.tableDef.rd.resdir + "/res/quirks")
        quirks.fill_from_csv(table, table.tableDef.rd.resdir, "oddities.csv")
      </script>
    </make>
    <LOOP>
      <codeItems>
        for index in range(300):
          yield {"field": "%03d" % index}
      </codeItems>
      <events>
        <make table="field_\field">
          <script type="preIndex" lang="python" name="fill field">
            quirks, _ = utils.loadPythonModule(table.tableDef.rd.resdir + "/res/quirks")
            quirks.fill_field(table, table.tableDef.rd.resdir)
          </script>
        </make>
      </events>
    </LOOP>
  </data>
</resource>
