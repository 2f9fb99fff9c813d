<!-- The demo's DaCHS userconfig (installed as /var/gavo/etc/userconfig.rd by setup.sh).

DaCHS 2.7 writes its TAP service's DALI examples (/tap/examples, and the DALI#examples
capability) from the _example meta items of the tapexamples stream here; everything this file
does not define comes from DaCHS's own //userconfig. Each example is RST: :taptable: marks a
table it is about (RDFa property "table"), :genparam: a DALI generic parameter, and the
tapquery directive the query (property "query"). Every query must run on the demo:
jupyterlab_rsp_api/tests/test_demo_platform.py runs each one. -->
<resource schema="__system">
	<STREAM id="tapexamples">
		<meta name="_example" title="Objects in a cone">
			The objects of :taptable:`dp02_dc2_catalogs.object` within 3 arcminutes of a
			position on the demo's images, with their r-band magnitudes. A cone on the
			indexed position columns is the query every large catalogue answers fast.

			.. tapquery::

				SELECT TOP 100 objectId, coord_ra, coord_dec, r_cModelMag
				FROM dp02_dc2_catalogs.Object
				WHERE CONTAINS(POINT('ICRS', coord_ra, coord_dec),
				               CIRCLE('ICRS', 55.75, -32.2, 0.05)) = 1
		</meta>

		<meta name="_example" title="Light curve of one object">
			Every detection in :taptable:`dp02_dc2_catalogs.source` of one object, with the
			time of its visit from :taptable:`dp02_dc2_catalogs.ccdvisit`: a join along the
			foreign key ccdVisitId.

			.. tapquery::

				SELECT s.sourceId, v.expMidptMJD, s.band, s.psfFlux, s.psfFluxErr
				FROM dp02_dc2_catalogs.Source AS s
				JOIN dp02_dc2_catalogs.CcdVisit AS v ON s.ccdVisitId = v.ccdVisitId
				WHERE s.objectId = 1567428592345528797
				ORDER BY v.expMidptMJD
		</meta>

		<meta name="_example" title="Bright point sources">
			Stars brighter than r = 20 in :taptable:`dp02_dc2_catalogs.object` (r-band
			extendedness 0), brightest first. The service is asked for
			:genparam:`MAXREC(50)` rows at most.

			.. tapquery::

				SELECT TOP 50 objectId, coord_ra, coord_dec, r_psfMag
				FROM dp02_dc2_catalogs.Object
				WHERE r_extendedness = 0 AND r_psfMag &lt; 20
				ORDER BY r_psfMag
		</meta>

		<meta name="_example" title="Images covering a position">
			The calexps in :taptable:`ivoa.obscore` whose footprint contains a position,
			with the DataLink document of each (access_url) for cutouts.

			.. tapquery::

				SELECT obs_id, dataproduct_subtype, em_min, t_min, access_url
				FROM ivoa.obscore
				WHERE dataproduct_type = 'image'
				  AND CONTAINS(POINT('ICRS', 55.75, -32.2), s_region) = 1
		</meta>

		<meta name="_example" title="Flux columns of Object">
			Which columns of the Object table hold fluxes, read from
			:taptable:`tap_schema.columns` by their UCD.

			.. tapquery::

				SELECT column_name, unit, description
				FROM TAP_SCHEMA.columns
				WHERE table_name = 'dp02_dc2_catalogs.object' AND ucd LIKE 'phot.flux%'
		</meta>
	</STREAM>
</resource>
