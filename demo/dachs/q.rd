<?xml version="1.0" encoding="utf-8"?>
<!-- The demo platform's data: a small, synthetic, DP0.2-like copy of Rubin's catalogs and
  calexp images, published the way the Rubin Science Platform publishes them (TAP, ObsCore,
  SIAv2, DataLink, SODA, cone search). Installed by demo/setup.sh as /var/gavo/inputs/demo/q.rd
  (RD id demo/q); the data files come from demo/generate_data.py, the wide Object columns and
  their values from res/sdm.py. -->
<resource schema="dp02_dc2_catalogs" resdir="demo">
  <meta name="title">DP0.2-like demo catalogs and calexps (jupyterlab-rsp-api)</meta>
  <meta name="description">
    A small synthetic stand-in for Rubin's Data Preview 0.2: the Object, Source and CcdVisit
    tables of the dp02_dc2_catalogs schema (same names, units and UCDs, about 300 columns in
    Object) and 16 calexp-like images (4 visits in g, r, i, z of a 2x2 detector mosaic near
    RA 55.9, Dec -32.1) with DataLink and SODA cutouts. Generated with a fixed seed for the
    development and tests of the jupyterlab-rsp-api extension; no real data.
  </meta>
  <meta name="creationDate">2026-11-24T00:00:00Z</meta>
  <meta name="subject">catalogs</meta>
  <meta name="subject">sky-surveys</meta>
  <meta name="creator">jupyterlab-rsp-api developers</meta>
  <meta name="facility">Vera C. Rubin Observatory</meta>
  <meta name="instrument">LSSTCam-imSim</meta>
  <meta name="content.type">Catalog</meta>
  <meta name="referenceURL">https://dp0-2.lsst.io/</meta>

  <!-- ===================================================================== Object -->
  <table id="Object" onDisk="True" adql="True" primary="objectId"
      mixin="//scs#pgs-pos-index">
    <meta name="description">
      Astrophysical objects detected on the coadds, with forced photometry, shapes and flags in
      each of the bands u, g, r, i, z, y (synthetic, DP0.2 column names). Select
      detect_isPrimary = 1 for a unique set of objects.
    </meta>
    <column name="objectId" type="bigint" required="True" verbLevel="1"
      ucd="meta.id;meta.main" tablehead="objectId"
      description="Unique identifier of the object (64 bit, beyond JavaScript's 2**53)."/>
    <column name="coord_ra" type="double precision" unit="deg" required="True" verbLevel="1"
      ucd="pos.eq.ra;meta.main" tablehead="coord_ra"
      description="Right ascension (ICRS) of the object."/>
    <column name="coord_dec" type="double precision" unit="deg" required="True" verbLevel="1"
      ucd="pos.eq.dec;meta.main" tablehead="coord_dec"
      description="Declination (ICRS) of the object."/>
    <column name="coord_raErr" type="real" unit="deg" verbLevel="20"
      ucd="stat.error;pos.eq.ra" tablehead="coord_raErr"
      description="Uncertainty of coord_ra."/>
    <column name="coord_decErr" type="real" unit="deg" verbLevel="20"
      ucd="stat.error;pos.eq.dec" tablehead="coord_decErr"
      description="Uncertainty of coord_dec."/>
    <column name="coord_ra_dec_Cov" type="real" unit="deg**2" verbLevel="30"
      ucd="stat.covariance;pos.eq" tablehead="coord_ra_dec_Cov"
      description="Covariance of coord_ra and coord_dec."/>
    <column name="x" type="double precision" unit="pix" verbLevel="25"
      ucd="pos.cartesian.x;instr.pixel" tablehead="x"
      description="Centroid x on the patch's coadd."/>
    <column name="y" type="double precision" unit="pix" verbLevel="25"
      ucd="pos.cartesian.y;instr.pixel" tablehead="y"
      description="Centroid y on the patch's coadd."/>
    <column required="True" name="tract" type="bigint" verbLevel="5"
      ucd="meta.id.part;obs.field" tablehead="tract"
      description="Sky-map tract the object was measured in."/>
    <column required="True" name="patch" type="bigint" verbLevel="5"
      ucd="meta.id.part;obs.field" tablehead="patch"
      description="Sky-map patch (within the tract) the object was measured in."/>
    <column required="True" name="detect_isPrimary" type="boolean" verbLevel="5"
      ucd="meta.code" tablehead="detect_isPrimary"
      description="True for the one deblended, inner-patch, inner-tract record of each object."/>
    <column required="True" name="detect_isIsolated" type="boolean" verbLevel="25"
      ucd="meta.code" tablehead="detect_isIsolated"
      description="True when the object's footprint has no other peak."/>
    <column required="True" name="detect_isDeblendedSource" type="boolean" verbLevel="25"
      ucd="meta.code" tablehead="detect_isDeblendedSource"
      description="True when the object is a child of a deblended parent."/>
    <column required="True" name="detect_fromBlend" type="boolean" verbLevel="25"
      ucd="meta.code" tablehead="detect_fromBlend"
      description="True when the object came out of a blend."/>
    <column required="True" name="detect_isPatchInner" type="boolean" verbLevel="25"
      ucd="meta.code" tablehead="detect_isPatchInner"
      description="True when the object lies in the inner region of its patch."/>
    <column required="True" name="detect_isTractInner" type="boolean" verbLevel="25"
      ucd="meta.code" tablehead="detect_isTractInner"
      description="True when the object lies in the inner region of its tract."/>
    <column required="True" name="parentObjectId" type="bigint" verbLevel="25"
      ucd="meta.id.parent" tablehead="parentObjectId"
      description="objectId of the blend this object was deblended from (0 if none)."/>
    <column required="True" name="deblend_nChild" type="integer" verbLevel="25"
      ucd="meta.number" tablehead="deblend_nChild"
      description="Number of children this object was deblended into."/>
    <column required="True" name="deblend_skipped" type="boolean" verbLevel="30"
      ucd="meta.code" tablehead="deblend_skipped"
      description="The deblender skipped this object."/>
    <column required="True" name="footprintArea" type="integer" unit="pix" verbLevel="25"
      ucd="phys.area;instr.pixel" tablehead="footprintArea"
      description="Number of pixels in the object's detection footprint."/>
    <column name="refBand" type="text" verbLevel="10"
      ucd="instr.bandpass" tablehead="refBand"
      description="Band chosen as the reference for the forced photometry."/>
    <column name="refExtendedness" type="double precision" verbLevel="5"
      ucd="src.class.starGalaxy" tablehead="refExtendedness"
      description="Extendedness in the reference band: 0 for a point source, 1 for an extended one."/>
    <column name="refFwhm" type="double precision" unit="arcsec" verbLevel="20"
      ucd="phys.angSize" tablehead="refFwhm"
      description="FWHM of the object in the reference band."/>
    <column name="shape_xx" type="double precision" unit="arcsec**2" verbLevel="20"
      ucd="phys.size.axisRatio;src.morph" tablehead="shape_xx"
      description="Second moment xx of the object's shape in the reference band."/>
    <column name="shape_yy" type="double precision" unit="arcsec**2" verbLevel="20"
      ucd="phys.size.axisRatio;src.morph" tablehead="shape_yy"
      description="Second moment yy of the object's shape in the reference band."/>
    <column name="shape_xy" type="double precision" unit="arcsec**2" verbLevel="20"
      ucd="phys.size.axisRatio;src.morph" tablehead="shape_xy"
      description="Second moment xy of the object's shape in the reference band."/>
    <column required="True" name="shape_flag" type="boolean" verbLevel="30"
      ucd="meta.code.error;src.morph" tablehead="shape_flag"
      description="The shape measurement failed."/>
    <column name="ebv" type="real" unit="mag" verbLevel="20"
      ucd="phys.absorption.gal" tablehead="ebv"
      description="E(B-V) of the Milky Way's dust at the object."/>
    <!-- The per-band block (about 45 columns for each of u, g, r, i, z, y): res/sdm.py. -->
    <LOOP>
      <codeItems>
        sdm, _ = utils.loadPythonModule(
          base.getConfig("inputsDir") + "/demo/res/sdm")
        for item in sdm.object_band_columns():
          yield item
      </codeItems>
      <events>
        <column name="\name" type="\type" unit="\unit" ucd="\ucd" required="\required"
          verbLevel="\verbLevel" tablehead="\name" description="\description"/>
      </events>
    </LOOP>
  </table>

  <!-- ===================================================================== CcdVisit -->
  <table id="CcdVisit" onDisk="True" adql="True" primary="ccdVisitId">
    <meta name="description">
      One detector of one visit: pointing, footprint, observing conditions and calibration.
    </meta>
    <column name="ccdVisitId" type="bigint" required="True" ucd="meta.id;meta.main"
      tablehead="ccdVisitId" description="Unique identifier of a detector's visit."/>
    <column required="True" name="visit" type="bigint" ucd="meta.id;obs" tablehead="visit"
      description="Visit identifier."/>
    <column required="True" name="detector" type="integer" ucd="meta.id;instr.det" tablehead="detector"
      description="Detector identifier."/>
    <column name="band" type="text" ucd="instr.bandpass" tablehead="band"
      description="Band of the visit: u, g, r, i, z or y."/>
    <column name="physical_filter" type="text" ucd="meta.id;instr.filter" tablehead="physical_filter"
      description="Physical filter in the beam."/>
    <column name="ra" type="double precision" unit="deg" ucd="pos.eq.ra"
      tablehead="ra" description="Right ascension of the detector's centre."/>
    <column name="decl" type="double precision" unit="deg" ucd="pos.eq.dec"
      tablehead="decl" description="Declination of the detector's centre."/>
    <column name="zenithDistance" type="real" unit="deg" ucd="pos.posAng;pos.az.zd"
      tablehead="zenithDistance" description="Zenith distance at the exposure midpoint."/>
    <column name="zeroPoint" type="real" unit="mag" ucd="phot.mag;arith.zp"
      tablehead="zeroPoint" description="Photometric zero point: AB magnitude of one count."/>
    <column name="psfSigma" type="real" unit="pix" ucd="stat.stdev;instr.det.psf"
      tablehead="psfSigma" description="Width (sigma) of the PSF model."/>
    <column name="seeing" type="real" unit="arcsec" ucd="instr.obsty.seeing"
      tablehead="seeing" description="PSF FWHM of the image."/>
    <column name="skyBg" type="real" unit="adu" ucd="instr.skyLevel"
      tablehead="skyBg" description="Average sky background that was subtracted."/>
    <column name="skyNoise" type="real" unit="adu" ucd="stat.stdev;instr.skyLevel"
      tablehead="skyNoise" description="RMS noise of the sky background."/>
    <column name="obsStartMJD" type="double precision" unit="d" ucd="time.start;obs.exposure"
      tablehead="obsStartMJD" description="Start of the exposure (MJD, TAI)."/>
    <column name="expMidptMJD" type="double precision" unit="d" ucd="time.epoch;obs.exposure"
      tablehead="expMidptMJD" description="Midpoint of the exposure (MJD, TAI)."/>
    <column name="expTime" type="real" unit="s" ucd="time.duration;obs.exposure"
      tablehead="expTime" description="Exposure time."/>
    <column name="darkTime" type="real" unit="s" ucd="time.duration"
      tablehead="darkTime" description="Time between the last clear and the readout."/>
    <column required="True" name="nExposures" type="integer" ucd="meta.number;obs.exposure"
      tablehead="nExposures" description="Number of exposures combined."/>
    <column required="True" name="xSize" type="integer" unit="pix" ucd="meta.number;instr.pixel"
      tablehead="xSize" description="Width of the image."/>
    <column required="True" name="ySize" type="integer" unit="pix" ucd="meta.number;instr.pixel"
      tablehead="ySize" description="Height of the image."/>
    <column name="llcra" type="double precision" unit="deg" ucd="pos.eq.ra" tablehead="llcra"
      description="Right ascension of the lower left corner of the image."/>
    <column name="llcdec" type="double precision" unit="deg" ucd="pos.eq.dec" tablehead="llcdec"
      description="Declination of the lower left corner of the image."/>
    <column name="ulcra" type="double precision" unit="deg" ucd="pos.eq.ra" tablehead="ulcra"
      description="Right ascension of the upper left corner of the image."/>
    <column name="ulcdec" type="double precision" unit="deg" ucd="pos.eq.dec" tablehead="ulcdec"
      description="Declination of the upper left corner of the image."/>
    <column name="urcra" type="double precision" unit="deg" ucd="pos.eq.ra" tablehead="urcra"
      description="Right ascension of the upper right corner of the image."/>
    <column name="urcdec" type="double precision" unit="deg" ucd="pos.eq.dec" tablehead="urcdec"
      description="Declination of the upper right corner of the image."/>
    <column name="lrcra" type="double precision" unit="deg" ucd="pos.eq.ra" tablehead="lrcra"
      description="Right ascension of the lower right corner of the image."/>
    <column name="lrcdec" type="double precision" unit="deg" ucd="pos.eq.dec" tablehead="lrcdec"
      description="Declination of the lower right corner of the image."/>
  </table>

  <!-- ===================================================================== Source -->
  <table id="Source" onDisk="True" adql="True" primary="sourceId">
    <meta name="description">
      Sources measured on the single-visit images (calexps), associated with Objects.
    </meta>
    <foreignKey inTable="Object" source="objectId" dest="objectId"/>
    <foreignKey inTable="CcdVisit" source="ccdVisitId" dest="ccdVisitId"/>
    <index columns="objectId"/>
    <index columns="ccdVisitId"/>
    <column name="sourceId" type="bigint" required="True" ucd="meta.id;meta.main"
      tablehead="sourceId" description="Unique identifier of the source."/>
    <column required="True" name="objectId" type="bigint" ucd="meta.id.assoc"
      tablehead="objectId" description="Object this source is associated with (Object.objectId)."/>
    <column required="True" name="ccdVisitId" type="bigint" ucd="meta.id;obs"
      tablehead="ccdVisitId" description="Detector visit the source was measured on (CcdVisit.ccdVisitId)."/>
    <column required="True" name="visit" type="bigint" ucd="meta.id;obs" tablehead="visit"
      description="Visit the source was measured on."/>
    <column required="True" name="detector" type="integer" ucd="meta.id;instr.det" tablehead="detector"
      description="Detector the source was measured on."/>
    <column name="band" type="text" ucd="instr.bandpass" tablehead="band"
      description="Band of the visit: u, g, r, i, z or y."/>
    <column name="coord_ra" type="double precision" unit="deg" ucd="pos.eq.ra;meta.main"
      tablehead="coord_ra" description="Right ascension (ICRS) of the source."/>
    <column name="coord_dec" type="double precision" unit="deg" ucd="pos.eq.dec;meta.main"
      tablehead="coord_dec" description="Declination (ICRS) of the source."/>
    <column name="x" type="double precision" unit="pix" ucd="pos.cartesian.x;instr.pixel"
      tablehead="x" description="Centroid x on the calexp (0-based)."/>
    <column name="y" type="double precision" unit="pix" ucd="pos.cartesian.y;instr.pixel"
      tablehead="y" description="Centroid y on the calexp (0-based)."/>
    <column name="psfFlux" type="double precision" unit="nJy" ucd="phot.flux"
      tablehead="psfFlux" description="Flux from the PSF model fit."/>
    <column name="psfFluxErr" type="double precision" unit="nJy" ucd="stat.error;phot.flux"
      tablehead="psfFluxErr" description="Uncertainty of psfFlux."/>
    <column name="apFlux" type="double precision" unit="nJy" ucd="phot.flux"
      tablehead="apFlux" description="Flux in a 12-pixel circular aperture."/>
    <column name="apFluxErr" type="double precision" unit="nJy" ucd="stat.error;phot.flux"
      tablehead="apFluxErr" description="Uncertainty of apFlux."/>
    <column name="extendedness" type="double precision" ucd="src.class.starGalaxy"
      tablehead="extendedness" description="0 for a point source, 1 for an extended one."/>
    <column required="True" name="pixelFlags_saturated" type="boolean" ucd="meta.code;instr.saturation"
      tablehead="pixelFlags_saturated" description="A pixel of the footprint is saturated."/>
  </table>

  <data id="import">
    <!-- The rows come from generate_data.py's CSV files through COPY, and Object's ~300
      columns from SQL over them (res/sdm.py): far faster than row-by-row ingestion. -->
    <make table="CcdVisit">
      <script type="preIndex" lang="python" name="fill CcdVisit">
        sdm, _ = utils.loadPythonModule(table.tableDef.rd.resdir + "/res/sdm")
        sdm.fill_from_csv(table, table.tableDef.rd.resdir, "ccdvisit.csv")
      </script>
    </make>
    <make table="Object">
      <script type="preIndex" lang="python" name="fill Object">
        sdm, _ = utils.loadPythonModule(table.tableDef.rd.resdir + "/res/sdm")
        sdm.fill_object(table, table.tableDef.rd.resdir)
      </script>
    </make>
    <make table="Source">
      <script type="preIndex" lang="python" name="fill Source">
        sdm, _ = utils.loadPythonModule(table.tableDef.rd.resdir + "/res/sdm")
        sdm.fill_from_csv(table, table.tableDef.rd.resdir, "source.csv")
      </script>
    </make>
  </data>

  <!-- ===================================================================== calexp images -->
  <table id="calexp" onDisk="True" mixin="//siap#pgs">
    <meta name="description">
      The calexp-like images (one detector of one visit each), published in ivoa.ObsCore and
      through the site-wide SIAv2 service. Not in TAP itself: like the platform, the images are
      found through ObsCore.
    </meta>
    <meta name="_associatedDatalinkService">
      <meta name="serviceId">dl</meta>
      <meta name="idColumn">pubDID</meta>
    </meta>
    <!-- As on the platform: ObsCore's access_url is the DataLink document, at the gateway's
      /api/datalink/links. -->
    <mixin
      calibLevel="2"
      collectionName="'LSST.DP02'"
      productSubtype="'lsst.calexp'"
      targetName="'DC2 demo field'"
      facilityName="'Vera C. Rubin Observatory'"
      expTime="expTime"
      t_min="obsStartMJD"
      t_max="obsStartMJD + expTime / 86400"
      s_resolution="seeing"
      obsId="'calexp_' || visit || '_' || detector"
      accessURL="datalinkURL"
      mime="'application/x-votable+xml;content=datalink'"
      preview="previewURL"
      >//obscore#publishSIAP</mixin>
    <!-- The ObsCore mixin makes its table ADQL-queryable; take that back (after the mixin). -->
    <adql>False</adql>
    <column name="pubDID" type="text" ucd="meta.ref.ivoid" tablehead="pubDID" verbLevel="15"
      description="Publisher dataset identifier (the DataLink ID)."/>
    <column required="True" name="visit" type="bigint" ucd="meta.id;obs" tablehead="visit"
      description="Visit of the image."/>
    <column required="True" name="detector" type="integer" ucd="meta.id;instr.det" tablehead="detector"
      description="Detector of the image."/>
    <column required="True" name="ccdVisitId" type="bigint" ucd="meta.id;obs" tablehead="ccdVisitId"
      description="CcdVisit.ccdVisitId of the image."/>
    <column name="band" type="text" ucd="instr.bandpass" tablehead="band"
      description="Band of the image."/>
    <column name="obsStartMJD" type="double precision" unit="d" ucd="time.start;obs.exposure"
      tablehead="obsStartMJD" description="Start of the exposure (MJD, TAI)."/>
    <column name="expTime" type="real" unit="s" ucd="time.duration;obs.exposure"
      tablehead="expTime" description="Exposure time."/>
    <column name="seeing" type="real" unit="arcsec" ucd="instr.obsty.seeing"
      tablehead="seeing" description="PSF FWHM of the image."/>
    <column name="datalinkURL" type="text" ucd="meta.ref.url" tablehead="DataLink" verbLevel="25"
      description="URL of the image's DataLink document."/>
    <column name="previewURL" type="text" ucd="meta.ref.url;meta.preview" tablehead="Preview"
      verbLevel="25" description="URL of a preview of the image."/>
  </table>

  <data id="import_images">
    <sources pattern="images/calexp_*.fits"/>
    <fitsProdGrammar>
      <rowfilter procDef="//products#define">
        <bind key="table">"\schema.calexp"</bind>
      </rowfilter>
    </fitsProdGrammar>
    <make table="calexp">
      <rowmaker>
        <var key="bandpass">{
          "u": (3.2e-7, 4.02e-7, 3.6e-7), "g": (4.02e-7, 5.52e-7, 4.75e-7),
          "r": (5.52e-7, 6.91e-7, 6.22e-7), "i": (6.91e-7, 8.18e-7, 7.54e-7),
          "z": (8.18e-7, 9.22e-7, 8.69e-7), "y": (9.22e-7, 1.06e-6, 9.71e-7)}[@FILTER]</var>
        <var key="root">base.getConfig("web", "serverURL")</var>
        <map key="pubDID">\standardPubDID</map>
        <map key="datalinkURL">@root + "/datalink/links?ID=" + urllib.parse.quote(
          \standardPubDID, safe="")</map>
        <map key="previewURL">@root + "/getproduct/" + @prodtblAccref + "?preview=True"</map>
        <map key="visit">int(@VISIT)</map>
        <map key="detector">int(@DETECTOR)</map>
        <map key="ccdVisitId">int(@CCDVISIT)</map>
        <map key="band">@FILTER</map>
        <map key="obsStartMJD">float(@MJDSTART)</map>
        <map key="expTime">float(@EXPTIME)</map>
        <map key="seeing">float(@SEEING)</map>
        <apply procDef="//siap#setMeta">
          <bind key="title">"calexp %s visit %s detector %s"%(@FILTER, @VISIT, @DETECTOR)</bind>
          <bind key="instrument">"LSSTCam-imSim"</bind>
          <bind key="dateObs">float(@MIDPTMJD)</bind>
          <bind key="bandpassId">@FILTER</bind>
          <bind key="bandpassUnit">"m"</bind>
          <bind key="bandpassLo">@bandpass[0]</bind>
          <bind key="bandpassHi">@bandpass[1]</bind>
          <bind key="bandpassRefval">@bandpass[2]</bind>
        </apply>
        <apply procDef="//siap#computePGS"/>
      </rowmaker>
    </make>
  </data>

  <!-- ===================================================================== services -->
  <service id="dl" allowed="dlget,dlmeta,dlasync">
    <meta name="title">DP0.2 demo calexp DataLink and SODA cutouts</meta>
    <meta name="description">DataLink documents for the calexps, and SODA cutouts
      (CIRCLE, POLYGON, POS, pixel ranges) of them, synchronous and asynchronous.</meta>
    <meta name="dlget.description">Cut out a region of a calexp (SODA).</meta>
    <datalinkCore>
      <descriptorGenerator procDef="//soda#fits_genDesc">
        <bind key="accrefPrefix">"demo/images/"</bind>
      </descriptorGenerator>
      <!-- Links to the image and its preview written under the gateway (serverURL) rather
        than DaCHS's default host-relative /getproduct. -->
      <metaMaker semantics="#this">
        <code>
          descriptor.suppressAutoLinks = True
          root = base.getConfig("web", "serverURL")
          yield LinkDef(descriptor.pubDID, root + "/getproduct/" + descriptor.accref,
            description="The calexp image (FITS).", contentType="image/fits",
            contentLength=descriptor.estimateSize(), semantics="#this")
          yield LinkDef(descriptor.pubDID,
            root + "/getproduct/" + descriptor.accref + "?preview=True",
            description="A preview of the calexp.", contentType="image/jpeg",
            semantics="#preview")
        </code>
      </metaMaker>
      <FEED source="//soda#fits_standardDLFuncs"/>
    </datalinkCore>
  </service>

  <service id="cone" allowed="scs.xml,form">
    <meta name="title">DP0.2 demo Object cone search</meta>
    <meta name="shortName">dp02 objects</meta>
    <meta name="description">Simple Cone Search over dp02_dc2_catalogs.Object.</meta>
    <meta name="testQuery.ra">55.83</meta>
    <meta name="testQuery.dec">-32.14</meta>
    <meta name="testQuery.sr">0.01</meta>
    <scsCore queriedTable="Object">
      <FEED source="//scs#coreDescs"/>
    </scsCore>
  </service>
</resource>
